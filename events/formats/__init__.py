"""File formats sitmap reads and writes: bytes in, the schema's event frame out."""
