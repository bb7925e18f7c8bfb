"""Identity resolution in the web application: linkage runs and the analysts' review queue."""
