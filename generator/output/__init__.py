"""Files on disk: atomic writes, deterministic zips, publishing a run's outputs."""
