"""`make bench`: speed and memory of the app's steps against naive ones, at several sizes."""
