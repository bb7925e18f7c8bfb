"""Partner deliveries: received whole or refused whole, BSN pseudonymised before storage."""
