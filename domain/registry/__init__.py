"""Who is supervised (登记): organizations, practitioners and inspectors, their licence
lifecycle (registered, changed, suspended, reinstated, revoked, deregistered) and membership."""
