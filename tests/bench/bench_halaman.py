"""Page benchmark: req/s, p95 under load, latency alone and SQL queries of the pages each
role opens, served as in production (gunicorn, DEBUG=False, PostgreSQL) from a
large-instansi database, against a reference page that is only the middleware stack.

Not part of the test run (pyproject: --ignore=tests/bench) and not a pytest file: a script
run on demand. It needs `wrk` (Debian: apt-get install -y wrk), gunicorn and, for the
deadline-day mix, locust (pip install gunicorn locust).

1. The data, once (a database of 60,000 pegawai takes a while; the command writes the
   JSON below with one sample user per role and the ids of their pages):

       createdb -h 127.0.0.1 -U postgres ekinerja_skala
       DATABASE_URL=postgres://postgres@127.0.0.1:5432/ekinerja_skala \\
           python manage.py migrate
       DATABASE_URL=postgres://postgres@127.0.0.1:5432/ekinerja_skala \\
           python manage.py data_skala --json /tmp/skala.json   # --help for the size

   {"instansi": kode, "password": pw, "pegawai": 60000, "unit": 1018, "tahun": 2026,
    "pengguna": {"pegawai": {"nip", "skp", "periode"},          # periode: own TW IV
                 "penilai_10": {"nip", "periode_dinilai", "bawahan"},
                 "penilai_30": {"nip", "periode_dinilai", "bawahan"},
                 "admin_opd": {"nip", "opd"}, "admin_bkd": {"nip"}}}

2. The run:

       .venv/bin/python tests/bench/bench_halaman.py \\
           --db postgres://postgres@127.0.0.1:5432/ekinerja_skala --data /tmp/skala.json \\
           [--json hasil.json] [--durasi 10] [--koneksi 16] [--putaran 3] \\
           [--halaman beranda,bkd_progres] [--gunicorn "workers=4,threads=1;workers=2,threads=4"] \\
           [--campuran | --hanya-campuran]

   For each gunicorn configuration (default: 4 sync workers, for this 2-core machine) it
   collects static files into a temporary folder (DEBUG=False names them through the
   manifest), starts `gunicorn ekinerja.wsgi -c gunicorn.conf.py` on a free loopback port
   with tests/bench/settings_bench.py (production settings plus the reference page
   `/_bench/rujukan/` and a middleware that returns the query count in `X-Jumlah-Kueri`;
   no Celery broker, so tasks run eagerly and no beat keeps the overviews counted; the
   Django cache in the local Redis, --cache; axes off), and logs each sample user in
   through the real login form.

   Then, per page of HALAMAN below: one GET that must answer 200 (a redirect or 404 is
   reported loudly and the page is left out; a redirect to the same address with the
   page's default filter, as /penilaian/bawahan/ -> ?tahun=&periode=, is followed and
   the target measured), its query count, and up to five single requests (at most 30 s
   of them) whose median is "p50 sendiri" (the page alone on an idle server). Then
   --putaran interleaved rounds of one wrk run per page (reference first; -t2,
   -c --koneksi, -d --durasi, --timeout 30s, a Lua `done` that prints p95 and counts
   answers other than 200). After every wrk run it waits until every worker is free
   again, so the queue a slow page leaves behind does not slow the next one. A page
   slower alone than --batas-lambat seconds (default 3) is not loaded with wrk: its run
   would complete a handful of requests and leave a queue of minutes behind.

   Before each configuration and round, with the bench idle, it measures the CPU that
   other processes use, and warns when it was over 20 %: every number is lower and
   noisier then. It prints, per configuration, a table with the
   median over the rounds:

       halaman | peran | req/s | p95 (c16) | p50 sendiri | kueri | x rujukan | galat

   `x rujukan` is the page's req/s as a fraction of the reference's (1.0 = costs no more
   than the middleware stack). `galat` adds up, over the rounds, answers other than 200,
   socket errors and wrk timeouts (no answer within 30 s). --json writes the same, with
   every round's numbers, to a file.

3. The deadline-day mix (--campuran after the pages, --hanya-campuran alone): locust,
   headless, 50 users spawned at 10/s (--campuran-pengguna), waiting 1-3 s between
   actions (--campuran-jeda; that offers ~25 req/s, latency under a deadline-day load
   rather than the server's limit), running
   tests/bench/locust_tenggat.py for 60 s (--campuran-durasi) counted from the moment
   every user has logged in (logins, at PBKDF2's cost, stay out of the statistics):
   pegawai open beranda and their TW IV period and save a realisasi there (the real
   form; a save that does not redirect back counts as a failure), penilai open
   Penilaian Bawahan, write umpan balik and open a bawahan's rating page, admins (BKD
   and OPD) open Progres Penilaian, Progres SKP and Kurva. The pegawai come from the
   database, not only from the JSON: up to 200 with a TW IV period being filled, its
   rencana aksi complete and the realisasi window open; the penilai are the JSON's and
   up to 20 with a submitted TW IV period of a bawahan in the penilaian window. It
   prints total req/s, p95 and failures, and the same per request. The mix writes: the
   realisasi text of those rencana aksi and the umpan balik of those periods (no status
   changes), plus their audit entries.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class Halaman:
    nama: str  # what the table calls it and --halaman selects
    peran: str  # key of the sample user in the JSON's "pengguna"
    url_name: str
    args: tuple[str, ...] = ()  # keys of that sample user whose values are the URL args


RUJUKAN = Halaman("rujukan", "pegawai", "bench_rujukan")
# Add a page here: its URL name (*/urls.py) and the sample user who opens it.
HALAMAN = [
    RUJUKAN,
    Halaman("beranda", "pegawai", "beranda"),
    Halaman("skp", "pegawai", "skp_detail", ("skp",)),
    Halaman("skp_cetak", "pegawai", "skp_cetak", ("skp",)),
    Halaman("periode", "pegawai", "periode_detail", ("periode",)),
    Halaman("bawahan_10", "penilai_10", "penilaian_bawahan"),
    Halaman("bawahan_30", "penilai_30", "penilaian_bawahan"),
    Halaman("nilai_bawahan", "penilai_10", "periode_detail", ("periode_dinilai",)),
    Halaman("tpp_bawahan_30", "penilai_30", "tpp_bawahan"),
    Halaman("opd_kelola_pegawai", "admin_opd", "kelola_pegawai"),
    Halaman("bkd_progres", "admin_bkd", "penilaian_progres"),
    Halaman("bkd_progres_skp", "admin_bkd", "skp_progres"),
    Halaman("bkd_kurva", "admin_bkd", "kurva"),
    Halaman("bkd_pemantauan", "admin_bkd", "pemantauan"),
    Halaman("bkd_tindak_lanjut", "admin_bkd", "tindak_lanjut"),
    Halaman("bkd_rekap_tpp", "admin_bkd", "tpp_rekap"),
    Halaman("bkd_struktur", "admin_bkd", "struktur"),
    Halaman("bkd_kelola_pegawai", "admin_bkd", "kelola_pegawai"),
    Halaman("bkd_review", "admin_bkd", "review_antrean"),
    # The beranda's to-do of each role (ekinerja/selectors.py), the bell's page, the help
    # queue and the home instansi's seconded PNS.
    Halaman("beranda_penilai_30", "penilai_30", "beranda"),
    Halaman("beranda_opd", "admin_opd", "beranda"),
    Halaman("beranda_bkd", "admin_bkd", "beranda"),
    Halaman("notifikasi", "pegawai", "notifikasi"),
    Halaman("bkd_bantuan", "admin_bkd", "bantuan_daftar"),
]

WRK_TIMEOUT = 30  # s, as gunicorn's worker timeout
TIMEOUT_SENDIRI = 120  # s for one request alone: some pages take 15-25 s at 60,000 pegawai
SAMPEL_SENDIRI = 5
ANGGARAN_SENDIRI = 30.0  # s of single requests per page, then stop sampling
BATAS_KURAS = 180  # s to wait for the workers to finish the queue a wrk run left
TAHAN_PROBE = 0.2  # s each probe request holds its worker (see tunggu_senggang)

LUA = r"""
-- Written by bench_halaman.py: counts answers other than 200 (wrk itself only counts
-- >= 400, and a lost session answers 302 to the login page) and prints one JSON line.
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) bukan_200 = 0 end
function response(status, headers, body)
  if status ~= 200 then bukan_200 = bukan_200 + 1 end
end
function done(summary, latency, requests)
  local bukan = 0
  for _, t in ipairs(threads) do bukan = bukan + t:get("bukan_200") end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"permintaan": %d, "durasi_us": %d, "p50_us": %d, "p95_us": %d, ' ..
    '"p99_us": %d, "maks_us": %d, "bukan_200": %d, "status_4xx_5xx": %d, ' ..
    '"connect": %d, "read": %d, "write": %d, "timeout": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, bukan, e.status, e.connect, e.read, e.write,
    e.timeout))
end
"""


# --- environment and server -------------------------------------------------------------


def siapkan_lingkungan(args, static_root):
    """The environment gunicorn and this process's Django run with: production settings
    from the environment, as deployed, with the bench's additions."""
    os.environ.update(
        DJANGO_SETTINGS_MODULE="tests.bench.settings_bench",
        DATABASE_URL=args.db,
        DEBUG="False",
        SECRET_KEY=secrets.token_urlsafe(50),  # one per run: sessions live across configs
        ALLOWED_HOSTS="127.0.0.1",
        # Empty beats a .env (read without overwriting): no broker, tasks run eagerly.
        CELERY_BROKER_URL="",
        REDIS_URL="",
        # Django's cache as deployed (Redis, shared by the workers: the overviews' recount
        # lock lives there), under a prefix of this run's own.
        CACHE_URL="" if args.cache == "locmem" else args.cache,
        BENCH_CACHE_PREFIX=f"bench-halaman-{os.getpid()}-{int(time.time())}",
        BENCH_STATIC_ROOT=str(static_root),
        LOG_LEVEL="WARNING",
    )
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def cpu_sibuk(detik=1.0):
    """Fraction of the machine's CPU busy over `detik`, from /proc/stat: measured while
    none of the bench's processes work, it is what others (tests, a data load) take from
    the run."""

    def baca():
        angka = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        return sum(angka), angka[3] + angka[4]  # total, idle + iowait

    total, senggang = baca()
    time.sleep(detik)
    total2, senggang2 = baca()
    return 1 - (senggang2 - senggang) / max(total2 - total, 1)


def port_bebas():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def urai_gunicorn(teks):
    """'workers=4,threads=1;workers=2,threads=4' -> [{'workers': '4', 'threads': '1'}, ...]"""
    daftar = []
    for bagian in teks.split(";"):
        if bagian.strip():
            pasangan = (p.split("=", 1) for p in bagian.split(",") if p.strip())
            daftar.append({k.strip(): v.strip() for k, v in pasangan})
    return daftar


def label_gunicorn(konfigurasi):
    return ",".join(f"{k}={v}" for k, v in konfigurasi.items())


def slot(konfigurasi):
    return int(konfigurasi.get("workers", 1)) * int(konfigurasi.get("threads", 1))


class Server:
    """gunicorn as in production (`gunicorn ekinerja.wsgi`, the repo's gunicorn.conf.py),
    bound to a free loopback port, in its own process group."""

    def __init__(self, konfigurasi, folder):
        self.konfigurasi = konfigurasi
        self.port = port_bebas()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = folder / f"gunicorn-{self.port}.log"
        self.proses = None

    def mulai(self):
        perintah = [str(BIN / "gunicorn"), "ekinerja.wsgi"]
        if (ROOT / "gunicorn.conf.py").exists():
            perintah += ["-c", str(ROOT / "gunicorn.conf.py")]
        perintah += ["--bind", f"127.0.0.1:{self.port}"]
        for kunci, nilai in self.konfigurasi.items():
            perintah += [f"--{kunci.replace('_', '-')}", nilai]
        with open(self.log, "wb") as log:
            self.proses = subprocess.Popen(
                perintah, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        batas = time.monotonic() + 60
        while time.monotonic() < batas:
            if self.proses.poll() is not None:
                break
            try:
                if requests.get(f"{self.base}/akun/masuk/", timeout=5).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.3)
        self.berhenti()
        sys.exit(f"gunicorn tidak siap dalam 60 s:\n{self.ekor_log()}")

    def berhenti(self):
        if self.proses is None or self.proses.poll() is not None:
            return
        # SIGINT: gunicorn's quick shutdown, without waiting for a queue of slow pages.
        os.killpg(self.proses.pid, signal.SIGINT)
        try:
            self.proses.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(self.proses.pid, signal.SIGKILL)
            self.proses.wait()

    def ekor_log(self, baris=40):
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-baris:])

    def galat_log(self):
        """Worker timeouts and server errors that gunicorn and Django logged, with the
        first traceback."""
        teks = self.log.read_text(errors="replace")
        awal = teks.find("Traceback (most recent call last)")
        return {
            "worker_timeout": teks.count("WORKER TIMEOUT"),
            "traceback": teks.count("Traceback (most recent call last)"),
            "contoh": "\n".join(teks[awal:].splitlines()[:40]) if awal >= 0 else "",
        }


# --- logging in and single requests ----------------------------------------------------


def masuk(base, nip, password):
    """Logs in through the real form; returns the cookies of the session or raises."""
    from django.conf import settings
    from django.urls import reverse

    sesi = requests.Session()
    url = base + reverse("login")
    halaman = sesi.get(url, timeout=TIMEOUT_SENDIRI)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', halaman.text)
    if halaman.status_code != 200 or token is None:
        raise RuntimeError(f"halaman login {halaman.status_code} tanpa token CSRF")
    jawaban = sesi.post(
        url,
        data={"csrfmiddlewaretoken": token[1], "login": nip, "password": password},
        allow_redirects=False,
        timeout=TIMEOUT_SENDIRI,
    )
    lokasi = jawaban.headers.get("Location", "")
    if jawaban.status_code != 302 or lokasi.startswith(reverse("login")):
        raise RuntimeError(f"login NIP {nip} gagal (HTTP {jawaban.status_code})")
    return {
        settings.SESSION_COOKIE_NAME: sesi.cookies[settings.SESSION_COOKIE_NAME],
        settings.CSRF_COOKIE_NAME: sesi.cookies[settings.CSRF_COOKIE_NAME],
    }


def header_cookie(cookies):
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def ambil(url, cookies):
    """One GET alone: (response, seconds), without following redirects."""
    mulai = time.perf_counter()
    jawaban = requests.get(
        url, headers={"Cookie": header_cookie(cookies)}, allow_redirects=False,
        timeout=TIMEOUT_SENDIRI,
    )  # fmt: skip
    return jawaban, time.perf_counter() - mulai


def tunggu_senggang(base, cookies, jumlah_slot):
    """Waits until every worker slot is free. wrk stops at its deadline but the requests
    it queued are still served (a sync worker only notices the client left when it
    writes), and would slow the next page's run. Probe: one request per slot, each
    holding its worker TAHAN_PROBE s; they only all return that fast when every slot
    was free at once. Returns the seconds waited."""
    url = f"{base}/_bench/rujukan/?tahan={TAHAN_PROBE}"
    mulai = time.monotonic()
    with ThreadPoolExecutor(jumlah_slot) as pool:
        while time.monotonic() - mulai < BATAS_KURAS:
            waktu = list(pool.map(lambda _: ambil(url, cookies)[1], range(jumlah_slot)))
            if max(waktu) < TAHAN_PROBE + 0.3:
                return time.monotonic() - mulai
            time.sleep(0.5)
    print(f"  ! server masih sibuk sesudah {BATAS_KURAS} s; lanjut", flush=True)
    return time.monotonic() - mulai


# --- one page ----------------------------------------------------------------------------


@dataclass
class Hasil:
    halaman: Halaman
    url: str
    galat_awal: str = ""  # why the page was left out (login, redirect, 404, 500, timeout)
    catatan: str = ""
    kueri: list = field(default_factory=list)
    sendiri: list = field(default_factory=list)  # s
    lewati_wrk: str = ""
    putaran: list = field(default_factory=list)  # wrk's JSON line per round

    @property
    def ok(self):
        return not self.galat_awal

    def req_s(self):
        nilai = [p["permintaan"] / (p["durasi_us"] / 1e6) for p in self.putaran]
        return statistics.median(nilai) if nilai else None

    def p95_ms(self):
        nilai = [p["p95_us"] / 1000 for p in self.putaran if p["permintaan"]]
        return statistics.median(nilai) if nilai else None

    def p50_sendiri_ms(self):
        return statistics.median(self.sendiri) * 1000 if self.sendiri else None

    def galat(self):
        rincian = {"bukan_200": 0, "connect": 0, "read": 0, "write": 0, "timeout": 0}
        for p in self.putaran:
            for kunci in rincian:
                rincian[kunci] += p[kunci]
        return rincian


def periksa_dan_ukur_sendiri(hasil, cookies, batas_lambat):
    """The GET that must answer 200, its query count, then the single requests."""
    try:
        jawaban, detik = ambil(hasil.url, cookies)
        lokasi = jawaban.headers.get("Location", "")
        if jawaban.is_redirect and urlsplit(lokasi).path == urlsplit(hasil.url).path:
            # The page picking its default filter (/penilaian/bawahan/ -> ?periode=tw4):
            # what a person lands on is measured.
            hasil.url = urljoin(hasil.url, lokasi)
            hasil.catatan = f"-> ?{urlsplit(lokasi).query}"
            jawaban, detik = ambil(hasil.url, cookies)
            lokasi = jawaban.headers.get("Location", "")
    except requests.RequestException as e:
        hasil.galat_awal = f"tanpa jawaban: {e.__class__.__name__}"
        return
    if jawaban.status_code != 200:
        hasil.galat_awal = f"HTTP {jawaban.status_code}" + (f" -> {lokasi}" if lokasi else "")
        return
    hasil.kueri.append(int(jawaban.headers.get("X-Jumlah-Kueri", -1)))
    # The first request also warms the worker (templates, connection): not a sample,
    # unless the page is so slow that the warming is lost in it.
    if detik > batas_lambat:
        hasil.sendiri.append(detik)
    while len(hasil.sendiri) < SAMPEL_SENDIRI and sum(hasil.sendiri) < ANGGARAN_SENDIRI:
        try:
            jawaban, detik = ambil(hasil.url, cookies)
        except requests.RequestException as e:
            hasil.galat_awal = f"tanpa jawaban: {e.__class__.__name__}"
            return
        if jawaban.status_code != 200:
            hasil.galat_awal = f"HTTP {jawaban.status_code} pada ulangan"
            return
        hasil.sendiri.append(detik)
        hasil.kueri.append(int(jawaban.headers.get("X-Jumlah-Kueri", -1)))
    if statistics.median(hasil.sendiri) > batas_lambat:
        hasil.lewati_wrk = (
            f"lambat: p50 sendiri {statistics.median(hasil.sendiri):.1f} s > "
            f"{batas_lambat:g} s, tanpa wrk"
        )


def jalankan_wrk(url, cookies, args, skrip_lua):
    perintah = [
        "wrk", f"-t{min(2, args.koneksi)}", f"-c{args.koneksi}", f"-d{args.durasi}s",
        f"--timeout={WRK_TIMEOUT}s", "--latency", "-s", str(skrip_lua),
        "-H", f"Cookie: {header_cookie(cookies)}", url,
    ]  # fmt: skip
    keluaran = subprocess.run(
        perintah, capture_output=True, text=True, timeout=args.durasi + WRK_TIMEOUT + 30
    )
    for baris in keluaran.stdout.splitlines():
        if baris.startswith("BENCH_JSON "):
            return json.loads(baris.removeprefix("BENCH_JSON "))
    raise RuntimeError(f"wrk tanpa hasil:\n{keluaran.stdout}\n{keluaran.stderr}")


# --- the run of one gunicorn configuration --------------------------------------------------


def ukur_halaman(server, halaman, cookies_peran, args, folder, cpu_lain):
    from django.urls import reverse

    pengguna = args.data["pengguna"]
    skrip_lua = folder / "bench.lua"
    skrip_lua.write_text(LUA)
    daftar = []
    for h in halaman:
        try:
            url = server.base + reverse(h.url_name, args=[pengguna[h.peran][k] for k in h.args])
        except KeyError as e:
            daftar.append(Hasil(h, "", galat_awal=f"data tanpa {e}"))
            continue
        daftar.append(Hasil(h, url))

    print("  sendiri (satu permintaan, server senggang):", flush=True)
    for hasil in daftar:
        if hasil.ok and isinstance(cookies_peran.get(hasil.halaman.peran), str):
            hasil.galat_awal = cookies_peran[hasil.halaman.peran]
        if hasil.ok:
            periksa_dan_ukur_sendiri(hasil, cookies_peran[hasil.halaman.peran], args.batas_lambat)
        if hasil.ok:
            print(
                f"    {hasil.halaman.nama:<20} {hasil.p50_sendiri_ms():>9.1f} ms  "
                f"{hasil.kueri[-1]:>4} kueri  {hasil.catatan} {hasil.lewati_wrk}",
                flush=True,
            )
        else:
            print(f"    {hasil.halaman.nama:<20} !!! {hasil.galat_awal} ({hasil.url})", flush=True)
    rujukan = daftar[0]
    if not rujukan.ok:
        sys.exit(f"halaman rujukan gagal: {rujukan.galat_awal}")

    jumlah_slot = slot(server.konfigurasi)
    for putaran in range(1, args.putaran + 1):
        cpu_lain.append(cpu_sibuk())  # the server is drained: idle
        print(
            f"  putaran {putaran}/{args.putaran} (wrk -c{args.koneksi} -d{args.durasi}s; "
            f"CPU proses lain {cpu_lain[-1]:.0%}):",
            flush=True,
        )
        for hasil in daftar:
            if not hasil.ok or hasil.lewati_wrk:
                continue
            cookies = cookies_peran[hasil.halaman.peran]
            try:
                keluaran = jalankan_wrk(hasil.url, cookies, args, skrip_lua)
            except (RuntimeError, subprocess.TimeoutExpired) as e:
                hasil.lewati_wrk = f"wrk gagal: {e}"
                print(f"    {hasil.halaman.nama:<20} !!! {hasil.lewati_wrk}", flush=True)
                continue
            finally:
                tunggu = tunggu_senggang(server.base, cookies_peran[RUJUKAN.peran], jumlah_slot)
            hasil.putaran.append(keluaran)
            galat = sum(keluaran[k] for k in ("bukan_200", "connect", "read", "write", "timeout"))
            print(
                f"    {hasil.halaman.nama:<20} "
                f"{keluaran['permintaan'] / (keluaran['durasi_us'] / 1e6):>8.1f} req/s  "
                f"p95 {keluaran['p95_us'] / 1000:>8.1f} ms  galat {galat}"
                + (f"  (antrean {tunggu:.0f} s)" if tunggu > 2 else ""),
                flush=True,
            )
    return daftar


def baris_tabel(daftar, args):
    ref = daftar[0].req_s()
    baris = []
    for hasil in daftar:
        req_s, p95, p50 = hasil.req_s(), hasil.p95_ms(), hasil.p50_sendiri_ms()
        kueri = sorted(set(hasil.kueri[1:] or hasil.kueri))
        galat = hasil.galat()
        total = sum(galat.values())
        baris.append(
            {
                "halaman": hasil.halaman.nama,
                "peran": hasil.halaman.peran,
                "url": urlsplit(hasil.url)._replace(scheme="", netloc="").geturl(),
                "req_s": None if req_s is None else round(req_s, 1),
                f"p95_c{args.koneksi}_ms": None if p95 is None else round(p95, 1),
                "p50_sendiri_ms": None if p50 is None else round(p50, 1),
                "kueri": kueri[-1] if kueri else None,
                "kueri_berbeda": kueri if len(kueri) > 1 else None,
                "rasio_rujukan": round(req_s / ref, 3) if req_s and ref else None,
                "galat": total,
                "rincian_galat": {k: v for k, v in galat.items() if v},
                "catatan": " ".join(
                    c for c in (hasil.catatan, hasil.galat_awal, hasil.lewati_wrk) if c
                ),
                "sendiri_ms": [round(s * 1000, 1) for s in hasil.sendiri],
                "putaran": hasil.putaran,
            }
        )
    return baris


def cetak_tabel(baris, args, judul):
    def angka(nilai, format_, lebar, satuan=""):
        teks = "-" if nilai is None else format(nilai, format_) + satuan
        return f"{teks:>{lebar}}"

    kolom_p95 = f"p95 (c{args.koneksi})"
    print(f"\n{judul}")
    kepala = (
        f"{'halaman':<20} | {'peran':<10} | {'req/s':>7} | {kolom_p95:>11} | "
        f"{'p50 sendiri':>11} | {'kueri':>5} | {'x rujukan':>9} | galat"
    )
    print(kepala)
    print("-" * len(kepala))
    for b in baris:
        kueri = "-" if b["kueri"] is None else str(b["kueri"])
        if b["kueri_berbeda"]:
            kueri = f"{b['kueri_berbeda'][0]}-{b['kueri_berbeda'][-1]}"
        galat = str(b["galat"])
        if b["rincian_galat"]:
            galat += " (" + ", ".join(f"{k} {v}" for k, v in b["rincian_galat"].items()) + ")"
        if b["catatan"]:
            galat += f"  {b['catatan']}"
        print(
            f"{b['halaman']:<20} | {b['peran']:<10} | {angka(b['req_s'], '.1f', 7)} | "
            f"{angka(b[f'p95_c{args.koneksi}_ms'], '.0f', 11, ' ms')} | "
            f"{angka(b['p50_sendiri_ms'], '.0f', 11, ' ms')} | {kueri:>5} | "
            f"{angka(b['rasio_rujukan'], '.3f', 9)} | {galat}"
        )


# --- the deadline-day mix ---------------------------------------------------------------


def siapkan_campuran(data, jumlah_pegawai=200, jumlah_penilai=20):
    """The users of locust_tenggat.py, from the database: many pegawai (one NIP each)
    with a TW IV period that accepts a realisasi now, and penilai with a submitted TW IV
    period of a bawahan that accepts umpan balik now.

    The JSON's password must log them in: data_skala gives everyone one password hash,
    so those with the sample user's hash are taken. Where hashes differ (the demo data
    salts each), anyone is taken and a wrong password shows as failed logins."""
    from django.db import connection
    from django.db.models import Count

    from inti.tenancy import scopes_disabled, tenant_scope
    from organisasi.models import Instansi, Pegawai
    from organisasi.selectors import atasan_pegawai
    from penilaian import izin, rules
    from penilaian.models import PeriodePenilaian, RencanaAksi
    from penilaian.selectors import rhk_tanpa_rencana_aksi
    from skp.models import RHK
    from skp.rules import BERAKHLAK

    pengguna = data["pengguna"]
    with scopes_disabled():
        instansi = Instansi.objects.get(kode=data["instansi"])
    with tenant_scope(instansi.pk):
        sandi = Pegawai.objects.get(nip=pengguna["pegawai"]["nip"]).password
        satu_sandi = Pegawai.objects.filter(password=sandi).count() > 1
        tw4 = PeriodePenilaian.objects.filter(tahun=data["tahun"], kode="tw4")

        pegawai = []
        kandidat = tw4.filter(status=rules.PENGISIAN, pegawai__is_active=True)
        if satu_sandi:
            kandidat = kandidat.filter(pegawai__password=sandi)
        kandidat = (
            kandidat.annotate(jumlah_ra=Count("rencana_aksi"))
            .filter(jumlah_ra__gt=0)
            .select_related("pegawai")
            .order_by("pk")[: jumlah_pegawai * 2]
        )
        for periode in kandidat:
            if izin.alasan_isi(periode.pegawai, periode) or rhk_tanpa_rencana_aksi(periode):
                continue
            pegawai.append({"nip": periode.pegawai.nip, "periode": periode.pk})
            if len(pegawai) == jumlah_pegawai:
                break
        rencana_aksi = {}
        for periode_id, pk in RencanaAksi.objects.filter(
            periode_id__in=[p["periode"] for p in pegawai]
        ).values_list("periode_id", "pk"):
            rencana_aksi.setdefault(periode_id, []).append(pk)
        for p in pegawai:
            p["rencana_aksi"] = sorted(rencana_aksi[p["periode"]])

        # The JSON's penilai and their periode first, then others from the database.
        penilai = {}
        contoh = [pengguna[k] for k in ("penilai_10", "penilai_30") if k in pengguna]
        utama = list(tw4.filter(pk__in=[c["periode_dinilai"] for c in contoh]))
        lain = tw4.filter(status=rules.DIAJUKAN).select_related("pegawai__unit_kerja")
        for periode in [*utama, *lain.order_by("pk")[: jumlah_penilai * 20]]:
            atasan = atasan_pegawai(periode.pegawai)
            if atasan is None or (satu_sandi and atasan.password != sandi):
                continue
            if atasan.nip not in penilai and len(penilai) == jumlah_penilai:
                continue
            daftar = penilai.setdefault(atasan.nip, [])
            if len(daftar) == 5 or periode.pk in {d["id"] for d in daftar}:
                continue
            if not izin.alasan_nilai_sekarang(atasan, periode):
                rhk = RHK.objects.filter(skp_id=periode.skp_id).values_list("pk", flat=True)
                daftar.append({"id": periode.pk, "rhk": list(rhk)})
    connection.close()
    return {
        "password": data["password"],
        "pegawai": pegawai,
        "penilai": [{"nip": nip, "periode": d} for nip, d in penilai.items() if d],
        "perilaku": [kode for kode, _, _ in BERAKHLAK],
        "admin": [
            {"nip": pengguna[peran]["nip"], "peran": peran}
            for peran in ("admin_bkd", "admin_opd")
            if peran in pengguna
        ],
    }


def jalankan_campuran(server, args, folder):
    pengguna = siapkan_campuran(args.data)
    print(
        f"  campuran: {len(pengguna['pegawai'])} pegawai, {len(pengguna['penilai'])} penilai "
        f"({sum(len(p['periode']) for p in pengguna['penilai'])} periode diajukan), "
        f"{len(pengguna['admin'])} admin",
        flush=True,
    )
    if not pengguna["pegawai"] or not pengguna["penilai"]:
        print("  !!! campuran dilewati: tidak ada pegawai atau penilai yang dapat mengisi/menilai")
        return None
    berkas = folder / "campuran.json"
    berkas.write_text(json.dumps(pengguna))
    awalan = folder / "locust"
    perintah = [
        str(BIN / "locust"), "-f", str(ROOT / "tests/bench/locust_tenggat.py"), "--headless",
        "-u", str(args.campuran_pengguna), "-r", "10",
        # The locustfile ends the run DURASI s after every user has logged in; -t bounds it.
        "-t", f"{args.campuran_durasi + 600}s",
        "--host", server.base, "--csv", str(awalan), "--only-summary",
    ]  # fmt: skip
    log = folder / "locust.log"
    with open(log, "wb") as keluaran:
        subprocess.run(
            perintah,
            cwd=ROOT,
            env={
                **os.environ,
                "BENCH_CAMPURAN": str(berkas),
                "BENCH_CAMPURAN_DURASI": str(args.campuran_durasi),
                "BENCH_CAMPURAN_JEDA": args.campuran_jeda,
            },
            stdout=keluaran,
            stderr=subprocess.STDOUT,
            timeout=args.campuran_durasi + 900,
        )
    statistik = Path(f"{awalan}_stats.csv")
    if not statistik.exists():
        print(f"  !!! locust tanpa statistik:\n{log.read_text(errors='replace')[-3000:]}")
        return None
    import csv

    with open(statistik) as f:
        baris = list(csv.DictReader(f))
    with open(f"{awalan}_failures.csv") as f:
        kegagalan = list(csv.DictReader(f))

    def ringkas(b):
        return {
            "permintaan": int(b["Request Count"]),
            "gagal": int(b["Failure Count"]),
            "req_s": round(float(b["Requests/s"]), 2),
            "p50_ms": float(b["50%"]) if b["50%"] != "N/A" else None,
            "p95_ms": float(b["95%"]) if b["95%"] != "N/A" else None,
        }

    return {
        "pengguna": args.campuran_pengguna,
        "durasi_s": args.campuran_durasi,
        "jeda_s": args.campuran_jeda,
        "total": ringkas(next(b for b in baris if b["Name"] == "Aggregated")),
        "per_permintaan": {
            f"{b['Type']} {b['Name']}": ringkas(b) for b in baris if b["Name"] != "Aggregated"
        },
        "kegagalan": [
            {"permintaan": f"{k['Method']} {k['Name']}", "galat": k["Error"], "n": k["Occurrences"]}
            for k in kegagalan
        ],
    }


def cetak_campuran(hasil):
    t = hasil["total"]
    print(
        f"\ncampuran tenggat (locust, {hasil['pengguna']} pengguna, jeda {hasil['jeda_s']} s, "
        f"{hasil['durasi_s']} s): "
        f"{t['req_s']} req/s, p95 {t['p95_ms']} ms, {t['gagal']} gagal dari {t['permintaan']}"
    )
    for nama, r in sorted(hasil["per_permintaan"].items()):
        print(
            f"  {nama:<44} {r['req_s']:>7} req/s  p50 {r['p50_ms']} ms  p95 {r['p95_ms']} ms  "
            f"gagal {r['gagal']}/{r['permintaan']}"
        )
    for k in hasil["kegagalan"]:
        print(f"  !!! {k['permintaan']}: {k['galat']} (x{k['n']})")


# --- main --------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="DATABASE_URL of the large-instansi data")
    parser.add_argument("--data", required=True, help="JSON written by manage.py data_skala")
    parser.add_argument("--json", help="write the results here")
    parser.add_argument("--durasi", type=int, default=10, help="s per wrk run (default 10)")
    parser.add_argument("--koneksi", type=int, default=16, help="wrk connections (default 16)")
    parser.add_argument("--putaran", type=int, default=3, help="interleaved rounds (default 3)")
    parser.add_argument(
        "--halaman",
        help="comma-separated page names (default: all): "
        + ", ".join(h.nama for h in HALAMAN if h is not RUJUKAN),
    )
    parser.add_argument(
        "--gunicorn",
        default="workers=4,threads=1",
        help='configurations to compare, e.g. "workers=4,threads=1;workers=2,threads=4"',
    )
    parser.add_argument(
        "--batas-lambat",
        type=float,
        default=3.0,
        help="pages slower alone than this (s) are not loaded with wrk (default 3)",
    )
    parser.add_argument(
        "--cache",
        default="redis://127.0.0.1:6379/7",
        help="Django cache: a Redis URL (default redis://127.0.0.1:6379/7) or locmem",
    )
    parser.add_argument("--campuran", action="store_true", help="also run the locust mix")
    parser.add_argument("--hanya-campuran", action="store_true", help="only the locust mix")
    parser.add_argument("--campuran-pengguna", type=int, default=50)
    parser.add_argument("--campuran-durasi", type=int, default=60)
    parser.add_argument(
        "--campuran-jeda",
        default="1,3",
        help="min,max s a mix user waits between actions (default 1,3: ~25 req/s offered "
        "by 50 users; shorter pushes towards the server's limit)",
    )
    args = parser.parse_args()
    args.data = json.loads(Path(args.data).read_text())

    halaman = HALAMAN
    if args.halaman:
        dipilih = {n.strip() for n in args.halaman.split(",") if n.strip()}
        tidak_dikenal = dipilih - {h.nama for h in HALAMAN}
        if tidak_dikenal:
            sys.exit(f"halaman tidak dikenal: {', '.join(sorted(tidak_dikenal))}")
        halaman = [h for h in HALAMAN if h is RUJUKAN or h.nama in dipilih]
    if not args.hanya_campuran and shutil.which("wrk") is None:
        sys.exit("wrk tidak ada: apt-get install -y wrk")
    for program in ["gunicorn"] + (["locust"] if args.campuran or args.hanya_campuran else []):
        if not (BIN / program).exists():
            sys.exit(f"{program} tidak ada di {BIN}: pip install {program}")

    folder = Path(tempfile.mkdtemp(prefix="bench-halaman-"))
    try:
        siapkan_lingkungan(args, folder / "static")
        from django.core.management import call_command

        print("collectstatic ke folder sementara ...", flush=True)
        call_command("collectstatic", interactive=False, verbosity=0)

        hasil = {
            "waktu": datetime.now(UTC).isoformat(timespec="seconds"),
            "data": {k: v for k, v in args.data.items() if k not in ("password", "pengguna")},
            "cpu": os.cpu_count(),
            "durasi_s": args.durasi,
            "koneksi": args.koneksi,
            "putaran": args.putaran,
            "konfigurasi": [],
            # Another process on the machine (tests, a data load) lowers every number:
            # the CPU busy before each configuration and round, while the bench is idle.
            "cpu_lain": [],
        }
        cookies_peran = None
        for konfigurasi in urai_gunicorn(args.gunicorn):
            label = label_gunicorn(konfigurasi)
            print(f"\n== gunicorn {label} ==", flush=True)
            hasil["cpu_lain"].append(cpu_sibuk())
            server = Server(konfigurasi, folder)
            server.mulai()
            try:
                if cookies_peran is None:
                    # Sessions are in the database: one login per role serves every config.
                    cookies_peran = {}
                    for peran in sorted({h.peran for h in halaman} | {"pegawai"}):
                        try:
                            nip = args.data["pengguna"][peran]["nip"]
                            cookies_peran[peran] = masuk(server.base, nip, args.data["password"])
                        except (KeyError, RuntimeError) as e:
                            cookies_peran[peran] = f"login {peran}: {e}"
                            print(f"  !!! {cookies_peran[peran]}", flush=True)
                satu = {"gunicorn": label, "slot": slot(konfigurasi)}
                if not args.hanya_campuran:
                    daftar = ukur_halaman(
                        server, halaman, cookies_peran, args, folder, hasil["cpu_lain"]
                    )
                    satu["halaman"] = baris_tabel(daftar, args)
                if args.campuran or args.hanya_campuran:
                    satu["campuran"] = jalankan_campuran(server, args, folder)
                satu["log_server"] = server.galat_log()
                hasil["konfigurasi"].append(satu)
            finally:
                server.berhenti()

        for satu in hasil["konfigurasi"]:
            judul = (
                f"gunicorn {satu['gunicorn']} | {args.data.get('pegawai')} pegawai, "
                f"{args.data.get('unit')} unit | wrk -t2 -c{args.koneksi} -d{args.durasi}s, "
                f"median {args.putaran} putaran"
            )
            if "halaman" in satu:
                cetak_tabel(satu["halaman"], args, judul)
            if satu.get("campuran"):
                cetak_campuran(satu["campuran"])
            log = satu["log_server"]
            if log["worker_timeout"] or log["traceback"]:
                print(
                    f"  !!! log gunicorn: {log['worker_timeout']} WORKER TIMEOUT, "
                    f"{log['traceback']} traceback; yang pertama:\n{log['contoh']}"
                )
        if max(hasil["cpu_lain"], default=0) > 0.2:
            print(
                "\n!!! mesin tidak senggang: proses lain memakai "
                + ", ".join(f"{c:.0%}" for c in hasil["cpu_lain"])
                + f" CPU ({os.cpu_count()} core) saat bench diam; angka di atas lebih rendah "
                "dan lebih acak dari semestinya"
            )
        if args.json:
            Path(args.json).write_text(json.dumps(hasil, indent=1, ensure_ascii=False))
            print(f"\nhasil JSON: {args.json}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
