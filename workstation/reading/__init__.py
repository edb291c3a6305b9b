"""The reading workflow (Qt-free): RIS orders and their reports, reading status, roles, audit, drafts.

Entry points: ``repository.ReadingRepository`` (the one data interface, also filled by the sync layer),
``service.ReadingService`` (what a logged-in user may do: role checks and audit around the repository),
``auth.UserStore`` (local users with argon2 password hashes).
"""
