"""The media map, shipped with SayIt as package data: `symbols.yml` names the OpenMoji image behind every symbol
a message uses. The images themselves come from npm (README.md here)."""
