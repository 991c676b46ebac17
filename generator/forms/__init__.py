"""The agencies' Excel forms: written pre-filled (writer), read back cell by cell (reader)."""
