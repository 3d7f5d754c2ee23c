app_name = "ingest"
urlpatterns = []
