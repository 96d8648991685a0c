FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
# Pango and a font for WeasyPrint (PDF documents).
RUN apt-get update && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml README.md ./
COPY ekinerja ekinerja
COPY inti inti
COPY organisasi organisasi
COPY jadwal jadwal
COPY skp skp
COPY penilaian penilaian
COPY dokumen dokumen
COPY tpp tpp
COPY bantuan bantuan
RUN pip install --no-cache-dir ".[prod]"
COPY . .
RUN DEBUG=False SECRET_KEY=build-only python manage.py collectstatic --noinput
EXPOSE 8000
# Workers and threads: gunicorn.conf.py (WEB_CONCURRENCY, GUNICORN_THREADS).
CMD ["gunicorn", "ekinerja.wsgi"]
