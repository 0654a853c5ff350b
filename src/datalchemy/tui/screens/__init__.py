"""Screens pushed over the main one: the setup wizard, the plan, an output preview, dialogs."""
