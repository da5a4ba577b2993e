"""API tests: the HTTP routes (auth, roles, problems, OpenAPI) and the CLI, as a client sees them,
one folder per capability; http/ holds what every route shares."""
