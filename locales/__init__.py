"""The translation catalogs, shipped with SayIt as package data: `sayit.pot` (the template) and, for each
language, `<lang>/LC_MESSAGES/sayit.po` (committed), `sayit.mo` (compiled at install) and `<lang>/style.yml`.
See README.md here."""
