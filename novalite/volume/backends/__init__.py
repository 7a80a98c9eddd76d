"""Volume backends: where a volume's data lives. ``fake`` keeps each volume as a file under
``<state_dir>/volumes``."""
