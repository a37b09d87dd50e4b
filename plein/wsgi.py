import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plein.settings")
application = get_wsgi_application()

# Everything loaded so far lives as long as the process: keep it out of the garbage
# collector's generations so collections stay short and forked workers share memory.
gc.freeze()
