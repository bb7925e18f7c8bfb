"""Users, their roles and their organisations."""
