"""Registry routes: organizations, practitioners, inspectors, their licences and lists."""
