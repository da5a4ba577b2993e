"""How people and programs reach the ledger over HTTP: the FastAPI app, bearer-token auth,
problem+json, and one package per capability with its routes and their schemas."""
