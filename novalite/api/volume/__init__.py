"""The block-storage service (Cinder v3) REST layer: controllers, schemas, views."""
