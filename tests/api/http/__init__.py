"""API tests of what every HTTP route shares (auth, problems, OpenAPI, personal data)."""
