"""Database plumbing shared by the workstation's stores: declarative base, engine factory, migrations."""
