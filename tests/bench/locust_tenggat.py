"""Locust: the last day before the TW IV deadline, many pegawai saving their realisasi at
once while penilai give feedback and admins watch the progress pages.

Run by `python tests/bench/bench_halaman.py --campuran` (see its docstring), which picks
the users from the database, starts the server and reads the results. By hand, against a
server with the bench's settings and a users file of the shape below (what
bench_halaman.siapkan_campuran returns):

    BENCH_CAMPURAN=/tmp/campuran.json BENCH_CAMPURAN_DURASI=60 BENCH_CAMPURAN_JEDA=1,3 \\
        locust -f tests/bench/locust_tenggat.py --headless -u 50 -r 10 -t 10m \\
        --host http://127.0.0.1:8000

The users file: {"password", "pegawai": [{"nip", "periode", "rencana_aksi": [ids]}],
"penilai": [{"nip", "periode": [{"id", "rhk": [ids]}]}], "perilaku": [BerAKHLAK codes],
"admin": [{"nip", "peran"}]}. Each locust user takes the next NIP of its role and logs in
through the login form at start, outside the statistics. Users wait until all have logged
in; then the statistics start and the run lasts BENCH_CAMPURAN_DURASI seconds (-t only
bounds the whole). Logins at PBKDF2's cost take a core-second each: 50 of them would
otherwise fill the first quarter of a minute's run.

A page counts as failed unless it answers 200 (after at most a redirect to its own
address); a save, unless it lands where a successful save lands (back on the period;
for umpan balik, with the success message there).
"""

import itertools
import json
import os
import random
import re
from urllib.parse import urlsplit

import gevent
import requests
from gevent.event import Event
from locust import HttpUser, between, task
from locust.exception import StopUser

with open(os.environ["BENCH_CAMPURAN"]) as _f:
    PENGGUNA = json.load(_f)
DURASI = float(os.environ.get("BENCH_CAMPURAN_DURASI", "60"))
# Seconds each user waits between two actions (min,max): a page read, a field typed.
# 1-3 s offers ~25 req/s with 50 users; shorter waits push towards the server's limit.
JEDA = [float(x) for x in os.environ.get("BENCH_CAMPURAN_JEDA", "1,3").split(",")]

TIMEOUT = 60  # s: some pages take 15-25 s at 60,000 pegawai, longer under load

_urutan = {peran: itertools.count() for peran in ("pegawai", "penilai", "admin")}
_sudah_mencoba_masuk = 0
SEMUA_MASUK = Event()


def _berikutnya(peran):
    daftar = PENGGUNA[peran]
    return daftar[next(_urutan[peran]) % len(daftar)]


def _selesai_masuk(environment):
    """Counts a login tried; the last one starts the measured run."""
    global _sudah_mencoba_masuk
    _sudah_mencoba_masuk += 1
    if _sudah_mencoba_masuk == environment.runner.target_user_count:
        environment.runner.stats.reset_all()
        SEMUA_MASUK.set()
        gevent.spawn_later(DURASI, environment.runner.quit)


class _Pengguna(HttpUser):
    abstract = True
    wait_time = between(*JEDA)

    def masuk(self, nip):
        """The login form, outside the statistics: logins cluster at spawn, not on the
        deadline-day traffic measured. A failed login is reported and stops the user."""
        sesi = requests.Session()
        try:
            halaman = sesi.get(f"{self.host}/akun/masuk/", timeout=TIMEOUT)
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', halaman.text)
            jawaban = sesi.post(
                f"{self.host}/akun/masuk/",
                data={
                    "csrfmiddlewaretoken": token[1] if token else "",
                    "login": nip,
                    "password": PENGGUNA["password"],
                },
                allow_redirects=False,
                timeout=TIMEOUT,
            )
            lokasi = jawaban.headers.get("Location", "")
            if jawaban.status_code != 302 or lokasi.startswith("/akun/masuk/"):
                raise RuntimeError(f"NIP {nip}: HTTP {jawaban.status_code}")
        except (requests.RequestException, RuntimeError) as e:
            self.environment.events.request.fire(
                request_type="POST",
                name="login",
                response_time=0,
                response_length=0,
                exception=e,
                context={},
            )
            raise StopUser() from e
        finally:
            _selesai_masuk(self.environment)
        self.client.cookies.update(sesi.cookies)
        SEMUA_MASUK.wait()

    def buka(self, url, name=None):
        """A page must answer 200 itself, or after redirecting to its own address with
        its default filter (/penilaian/bawahan/ -> ?periode=tw4): not to the login."""
        with self.client.get(
            url, name=name or url, allow_redirects=True, catch_response=True, timeout=TIMEOUT
        ) as jawaban:
            alamat = {urlsplit(r.url).path for r in [*jawaban.history, jawaban]}
            if jawaban.status_code != 200 or len(alamat) > 1:
                jawaban.failure(f"HTTP {jawaban.status_code} di {jawaban.url}")

    def kirim(self, url, data, name, tujuan):
        """POSTs a form as the browser does; returns where a save redirects to, or None
        (and a failure) when the form came back, or the redirect went elsewhere."""
        data = {"csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""), **data}
        with self.client.post(
            url, data=data, name=name, allow_redirects=False, catch_response=True, timeout=TIMEOUT
        ) as jawaban:
            lokasi = jawaban.headers.get("Location", "")
            if jawaban.status_code != 302:
                jawaban.failure(f"tidak tersimpan (HTTP {jawaban.status_code})")
            elif not lokasi.startswith(tujuan):
                jawaban.failure(f"dialihkan ke {lokasi}")
            else:
                return lokasi
        return None


class Pegawai(_Pengguna):
    weight = 7

    def on_start(self):
        self.data = _berikutnya("pegawai")
        self.periode = f"/penilaian/periode/{self.data['periode']}/"
        self.masuk(self.data["nip"])

    @task(3)
    def beranda(self):
        self.buka("/", name="/ (pegawai)")

    @task(3)
    def periode(self):
        self.buka(self.periode, name="/penilaian/periode/[id]/ (pegawai)")

    @task(2)
    def simpan_realisasi(self):
        rencana_aksi = random.choice(self.data["rencana_aksi"])
        lokasi = self.kirim(
            f"{self.periode}realisasi/",
            {
                "rencana_aksi": rencana_aksi,
                "realisasi": f"Laporan kegiatan selesai disusun ({random.randint(1, 999)}).",
                "realisasi_angka": random.randint(1, 10),
            },
            name="/penilaian/periode/[id]/realisasi/",
            tujuan=self.periode,
        )
        if lokasi is not None:
            self.buka(lokasi, name="/penilaian/periode/[id]/ (pegawai)")


class Penilai(_Pengguna):
    weight = 2

    def on_start(self):
        self.data = _berikutnya("penilai")
        self.masuk(self.data["nip"])

    @task(3)
    def bawahan(self):
        self.buka("/penilaian/bawahan/", name="/penilaian/bawahan/")

    @task(2)
    def halaman_nilai(self):
        periode = random.choice(self.data["periode"])
        self.buka(f"/penilaian/periode/{periode['id']}/", name="/penilaian/periode/[id]/ (penilai)")

    @task(1)
    def umpan_balik(self):
        periode = random.choice(self.data["periode"])
        isi = f"Pertahankan, lengkapi bukti dukung ({random.randint(1, 999)})."
        data = {f"rhk_{rhk}": isi for rhk in periode["rhk"]}
        data.update({f"perilaku_{kode}": isi for kode in PENGGUNA["perilaku"]})
        lokasi = self.kirim(
            f"/penilaian/periode/{periode['id']}/umpan-balik/",
            data,
            name="/penilaian/periode/[id]/umpan-balik/",
            tujuan=f"/penilaian/periode/{periode['id']}/",
        )
        if lokasi is None:
            return
        # The view always redirects; whether it saved shows in the message on arrival.
        with self.client.get(
            lokasi,
            name="/penilaian/periode/[id]/ (penilai)",
            catch_response=True,
            timeout=TIMEOUT,
        ) as jawaban:
            if "umpan balik disimpan" not in jawaban.text:
                pesan = re.search(r'class="pesan-error"[^>]*>([^<]+)', jawaban.text)
                jawaban.failure(f"umpan balik tidak tersimpan: {pesan[1] if pesan else '?'}")


class Admin(_Pengguna):
    weight = 1

    def on_start(self):
        admin = _berikutnya("admin")  # admin BKD and admin OPD in turn
        self.peran = admin["peran"]
        self.masuk(admin["nip"])

    @task
    def progres(self):
        self.buka("/penilaian/progres/", name=f"/penilaian/progres/ ({self.peran})")

    @task
    def progres_skp(self):
        self.buka("/skp/progres/", name=f"/skp/progres/ ({self.peran})")

    @task
    def kurva(self):
        self.buka("/penilaian/kurva/", name=f"/penilaian/kurva/ ({self.peran})")
