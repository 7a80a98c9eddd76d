"""The block-storage service (Cinder's flow): ``api.py`` (the facade the REST layer calls),
``rpcapi.py`` + ``manager.py`` (the volume manager, ``cinder-volume``), ``backends/`` (where
volume data lives)."""
