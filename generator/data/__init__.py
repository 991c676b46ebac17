"""The plan, the agency registry and the workspace that joins them: vanban's data, loaded and checked."""
