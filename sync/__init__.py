"""REST sync layer: the thin service over the CDSS MySQL/OCS schema and the client with its outbox. Headless."""
