"""The registry view: organizations, practitioners and inspectors as of today and of any
date, with the filters and keyset pages the registry lists read."""
