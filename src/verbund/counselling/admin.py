"""Nothing of counselling is registered in the Django admin, on purpose: case files,
clients, reports and the access log are seen only by the centre's own people, never by
platform staff or superusers (a test keeps it so)."""
