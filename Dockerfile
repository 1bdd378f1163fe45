# procesregie: the HTTP service (`procesregie serve`, the default) and the timer worker
# (`procesregie worker`) in one small image, run as a user without rights (docs/deployment.md).
#   docker build -t procesregie .
#   docker run -e PROCESREGIE_DATABASE_URL=... -e PROCESREGIE_BSN_KEY=... -v procesregie:/var/lib/procesregie procesregie
# The models in processes/ come with the image and are deployed when the service starts.

FROM python:3.11-slim-bookworm AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY engine engine
COPY api api
COPY migrations migrations
# Every dependency has a wheel for linux/amd64 and arm64: no compiler in the image.
RUN python -m venv /opt/procesregie \
    && /opt/procesregie/bin/pip install --no-cache-dir --disable-pip-version-check .

FROM python:3.11-slim-bookworm
RUN useradd --system --uid 10001 --user-group --home-dir /var/lib/procesregie --create-home procesregie
COPY --from=build /opt/procesregie /opt/procesregie
COPY processes /opt/procesregie/processes
ENV PATH=/opt/procesregie/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PROCESREGIE_HOME=/var/lib/procesregie \
    PROCESREGIE_PROCESSES_DIR=/opt/procesregie/processes \
    PROCESREGIE_PROFILES_DIR=/opt/procesregie/processes/profielen \
    PROCESREGIE_ENVIRONMENT=production
# The console's cookie key (secret.key) lives here; the SQLite database too, when no
# PROCESREGIE_DATABASE_URL is given (one machine, one container).
VOLUME /var/lib/procesregie
USER procesregie
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/ready', timeout=4).status != 200)"]
ENTRYPOINT ["procesregie"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8000"]
