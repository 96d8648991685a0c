"""The pure rules of organisasi (NIP format, tree paths) and the model checks built on them."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope

from organisasi.models import Pegawai
from organisasi.rules import path_leluhur, path_nomor, path_segmen, urai_nip
from tests.factories import InstansiFactory

# Real NIPs printed in seed 002 (the Buleleng unit tree).
NIP_KETUT_LIHADNYANA = "196506011992031001"
NIP_KABID_PKAP = "198703122015031005"


# --- urai_nip: what passes -------------------------------------------------------------


def test_nip_from_seed_is_split_into_birth_date_tmt_sex_and_number():
    terurai = urai_nip(NIP_KETUT_LIHADNYANA)

    assert terurai.tanggal_lahir == date(1965, 6, 1)
    assert (terurai.tmt_tahun, terurai.tmt_bulan) == (1992, 3)
    assert terurai.jenis_kelamin == 1
    assert terurai.nomor_urut == "001"


def test_second_nip_from_seed_is_valid():
    terurai = urai_nip(NIP_KABID_PKAP)

    assert terurai.tanggal_lahir == date(1987, 3, 12)
    assert (terurai.tmt_tahun, terurai.tmt_bulan) == (2015, 3)
    assert terurai.nomor_urut == "005"


def test_nip_of_a_woman_has_sex_digit_two():
    assert urai_nip("199001012015032007").jenis_kelamin == 2


def test_nip_born_on_leap_day_is_valid():
    assert urai_nip("198802292010011001").tanggal_lahir == date(1988, 2, 29)


def test_pppk_nip_with_code_21_in_month_position_is_accepted_for_pppk():
    terurai = urai_nip("198501152021211001", pppk=True)

    assert terurai.tmt_tahun == 2021
    assert terurai.tmt_bulan is None
    assert terurai.tanggal_lahir == date(1985, 1, 15)


def test_pppk_nip_with_code_21_is_refused_for_a_pns():
    with pytest.raises(ValueError, match="bulan TMT"):
        urai_nip("198501152021211001")


def test_pppk_with_a_normal_tmt_month_is_also_accepted():
    assert urai_nip("198501152021041001", pppk=True).tmt_bulan == 4


# --- urai_nip: what is refused, in Indonesian ---------------------------------------------


@pytest.mark.parametrize(
    "nip",
    [
        "19650601199203100",  # 17 digits
        "1965060119920310011",  # 19 digits
        "",
        None,
    ],
)
def test_nip_of_wrong_length_is_refused(nip):
    with pytest.raises(ValueError, match="18 angka"):
        urai_nip(nip)


@pytest.mark.parametrize(
    "nip",
    [
        "19650601199203100A",
        "196506 01199203100",
        "19650601-199203-10",
        "1965.06.01.1992.03",
    ],
)
def test_nip_with_non_digits_is_refused(nip):
    with pytest.raises(ValueError, match="18 angka"):
        urai_nip(nip)


@pytest.mark.parametrize(
    "nip",
    [
        "１９６５０６０１１９９２０３1００１",  # accepted, nomor_urut "００１"
        "١٩٦٥٠٦٠١١٩٩٢٠٣1٠٠١",  # accepted
        "１９６５０６０１１９９２０３１００１",  # refused as "jenis kelamin"
        "19650601²992031001",  # int() error in English
    ],
    ids=["fullwidth", "arabic-indic", "fullwidth-sex-digit", "superscript"],
)
def test_nip_in_non_ascii_digits_is_refused(nip):
    with pytest.raises(ValueError, match="18 angka"):
        urai_nip(nip)


@pytest.mark.parametrize(
    "nip",
    [
        "196513011992031001",  # month 13
        "196500011992031001",  # month 00
        "196502301992031001",  # 30 February
        "196502291992031001",  # 29 February in a common year
        "196506001992031001",  # day 00
        "196504311992031001",  # 31 April
    ],
)
def test_nip_whose_first_eight_digits_are_no_date_is_refused(nip):
    with pytest.raises(ValueError, match="tanggal lahir"):
        urai_nip(nip)


def test_nip_with_birth_year_before_1900_is_refused():
    with pytest.raises(ValueError, match="tidak masuk akal"):
        urai_nip("189906011920031001")


@pytest.mark.parametrize("bulan", ["00", "13", "99"])
def test_nip_with_tmt_month_out_of_range_is_refused(bulan):
    with pytest.raises(ValueError, match="bulan TMT"):
        urai_nip(f"196506011992{bulan}1001")


@pytest.mark.parametrize("bulan", ["00", "13"])
def test_pppk_nip_with_tmt_month_out_of_range_is_refused(bulan):
    with pytest.raises(ValueError, match="bulan TMT"):
        urai_nip(f"198501152021{bulan}1001", pppk=True)


@pytest.mark.parametrize("tahun", ["1965", "1960"])
def test_nip_with_tmt_year_not_after_birth_year_is_refused(tahun):
    with pytest.raises(ValueError, match="setelah tahun lahir"):
        urai_nip(f"19650601{tahun}031001")


def test_nip_with_tmt_year_one_after_birth_year_passes_the_year_check():
    assert urai_nip("196506011966031001").tmt_tahun == 1966


@pytest.mark.parametrize("jk", ["0", "3", "9"])
def test_nip_with_sex_digit_other_than_one_or_two_is_refused(jk):
    with pytest.raises(ValueError, match="jenis kelamin"):
        urai_nip(f"19650601199203{jk}001")


# --- tree paths ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nomor", "segmen"),
    [(1, "0001"), (9, "0009"), (10, "000A"), (35, "000Z"), (36, "0010"), (36**4 - 1, "ZZZZ")],
)
def test_path_segmen_is_four_base36_characters(nomor, segmen):
    assert path_segmen(nomor) == segmen
    assert path_nomor(segmen) == nomor


def test_path_segmen_and_path_nomor_roundtrip():
    nomors = [*range(1, 3000), 36**2, 36**3 - 1, 36**3, 36**3 + 1, 36**4 - 2, 36**4 - 1]
    for nomor in nomors:
        assert path_nomor(path_segmen(nomor)) == nomor


def test_lexicographic_order_of_segments_is_numeric_order():
    nomors = [*range(1, 2000), *range(36**3 - 50, 36**3 + 50), 36**4 - 1]
    segmen = [path_segmen(n) for n in nomors]

    assert sorted(segmen) == segmen
    assert len(set(segmen)) == len(segmen)


@pytest.mark.parametrize("nomor", [0, -1, 36**4])
def test_path_segmen_out_of_range_is_refused(nomor):
    with pytest.raises(ValueError, match="sub-unit"):
        path_segmen(nomor)


def test_path_leluhur_lists_proper_ancestors_root_first():
    assert path_leluhur("0001") == []
    assert path_leluhur("00010002") == ["0001"]
    assert path_leluhur("000100020003000A") == ["0001", "00010002", "000100020003"]


# --- the model checks that use these rules -------------------------------------------------


@pytest.fixture
def instansi(db):
    return InstansiFactory()


def _pegawai(instansi, **fields):
    data = {
        "instansi": instansi,
        "nip": NIP_KETUT_LIHADNYANA,
        "nama": "Ketut Lihadnyana",
        "jenis_jabatan": Pegawai.JenisJabatan.JPT,
    }
    data.update(fields)
    return Pegawai(**data)


def _errors(pegawai):
    # validate_unique queries the scoped manager, so this runs inside the tenant's scope.
    with scope(instansi=pegawai.instansi_id):
        with pytest.raises(ValidationError) as info:
            pegawai.full_clean(exclude=["password"])
    return info.value.message_dict


def test_valid_pegawai_passes_full_clean(instansi):
    pegawai = _pegawai(instansi, tanggal_lahir=date(1965, 6, 1))
    with scope(instansi=instansi.pk):
        pegawai.full_clean(exclude=["password"])


def test_pegawai_with_invalid_nip_gets_error_on_field_nip(instansi):
    errors = _errors(_pegawai(instansi, nip="196513011992031001"))

    assert list(errors) == ["nip"]
    assert "tanggal lahir" in errors["nip"][0]


def test_pegawai_pppk_nip_is_valid_only_for_jenis_asn_pppk(instansi):
    nip_pppk = "198501152021211001"
    errors = _errors(_pegawai(instansi, nip=nip_pppk, jenis_asn=Pegawai.JenisAsn.PNS))
    assert "nip" in errors

    pppk = _pegawai(instansi, nip=nip_pppk, jenis_asn=Pegawai.JenisAsn.PPPK)
    with scope(instansi=instansi.pk):
        pppk.full_clean(exclude=["password"])


def test_pegawai_birth_date_must_match_nip(instansi):
    errors = _errors(_pegawai(instansi, tanggal_lahir=date(1965, 6, 2)))

    assert "Tanggal lahir tidak sesuai" in errors["tanggal_lahir"][0]


def test_fungsional_without_jenjang_is_refused(instansi):
    errors = _errors(_pegawai(instansi, jenis_jabatan=Pegawai.JenisJabatan.FUNGSIONAL))

    assert "wajib memiliki jenjang" in errors["jenjang"][0]


def test_fungsional_with_jenjang_passes(instansi):
    pegawai = _pegawai(
        instansi,
        jenis_jabatan=Pegawai.JenisJabatan.FUNGSIONAL,
        jenjang=Pegawai.Jenjang.AHLI_MUDA,
    )
    with scope(instansi=instansi.pk):
        pegawai.full_clean(exclude=["password"])


def test_jenjang_on_a_non_fungsional_is_refused(instansi):
    errors = _errors(_pegawai(instansi, jenjang=Pegawai.Jenjang.AHLI_MUDA))

    assert "hanya untuk jabatan fungsional" in errors["jenjang"][0]


def test_admin_opd_without_opd_is_refused(instansi):
    errors = _errors(_pegawai(instansi, peran=Pegawai.Peran.ADMIN_OPD))

    assert "admin_opd" in errors
