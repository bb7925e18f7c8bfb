"""A selection round in pandas, as a competent data analyst would write it.

One of the benchmark's reference implementations: it does not read the regeling files
and does not use Regie. The criteria are those of spec/criteria.md and of the two
regelingen in force (top400/2022-01-01, top600/2022-01-01). Every fact condition is a
boolean mask over the facts; counts per person come from ``value_counts``; detention
days are the union of the clipped periods per person (sorted, with the running end of the
earlier periods); outcomes are ``numpy.select`` over per-person columns; the evidence is
the masks again, on the facts of the persons with an outcome.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
from roundkit import TABLES, Outcome, RoundOutput, epoch_day, years_back, ymd

REGION = {"amsterdam", "amstelveen", "aalsmeer", "diemen", "ouder_amstel", "uithoorn"}
HIC = {
    "overval",
    "straatroof",
    "woninginbraak",
    "zware_mishandeling",
    "moord_doodslag",
    "openlijke_geweldpleging",
}
MISDRIJF = HIC | {
    "mishandeling",
    "bedreiging",
    "wapenbezit",
    "harddrugs_handel",
    "softdrugs",
    "diefstal",
    "winkeldiefstal",
    "vernieling",
    "heling",
    "oplichting",
    "overig_misdrijf",
}
SERIOUS_VIOLENCE = {
    "overval",
    "straatroof",
    "zware_mishandeling",
    "moord_doodslag",
    "openlijke_geweldpleging",
}
VIOLENCE_THREAT_WEAPONS = SERIOUS_VIOLENCE | {"mishandeling", "bedreiging", "wapenbezit"}
WITH_SENTENCE = {
    "gevangenisstraf",
    "jeugddetentie",
    "taakstraf",
    "geldboete",
    "voorwaardelijk",
    "maatregel",
}
PRISON = {"gevangenisstraf", "jeugddetentie"}
SCHOOL_SIGNALS = {"pv_leerplicht", "thuiszitter", "absoluut_verzuim", "vsv"}
DV_ROLES = {"pleger", "slachtoffer", "getuige", "betrokkene"}

#: The leaf fact rules of each regeling, with the named mask that selects their facts.
LEAVES: dict[str, dict[str, str]] = {
    "top400": {
        "in_regio": "regio",
        "politie_hic_aanhouding": "aanh_hic_5j",
        "politie_misdrijf_aanhoudingen": "aanh_misdrijf_2j",
        "zorg_a_justitiele_maatregel": "maatregel_justitieel",
        "zorg_b_civiele_maatregel": "maatregel_civiel",
        "zorg_c_school_signaal": "school_5j",
        "zorg_c_schoolwissels_po": "wissel_po",
        "zorg_c_schoolwissels_vo": "wissel_vo",
        "zorg_d_huiselijk_geweld": "hg_5j",
        "zorg_e_jonge_aanhouding": "aanh_12_13",
        "zorg_f_nepdope": "aanh_nepdope_5j",
        "zorg_g_jeugdgroep": "jeugdgroep",
        "detentie_dagen": "detentie_2j",
        "aanhoudingen_laatste_jaar": "aanh_1j",
    },
    "top600": {
        "in_regio": "regio",
        "hic_aanhoudingen_drie": "aanh_hic_5j",
        "hic_aanhouding": "aanh_hic_5j",
        "hic_verdachte": "verd_hic_2j",
        "hic_voorgeleiding": "voorg_hic_5j",
        "verdachte_incidenten": "verd_5j",
        "om_veroordelingen_drie": "veroord_straf_5j",
        "om_hic_veroordeling": "veroord_hic_5j",
        "dv_harddrugs_aanhouding": "aanh_harddrugs_5j",
        "dv_geweld_aanhouding": "aanh_geweld_5j",
        "dv_om_veroordelingen_twee": "veroord_misdrijf_5j",
        "dv_om_harddrugs_veroordeling": "veroord_harddrugs_3j",
        "dv_om_wapen_gevangenis": "veroord_wapen_cel_3j",
        "dv_om_zwaar_geweld_gevangenis": "veroord_zwaar_cel_3j",
        "detentie_dagen": "detentie_2j",
    },
}
INFLOW_REASONS: dict[str, tuple[str, ...]] = {
    "top400": (
        "politie_hic_aanhouding",
        "politie_misdrijf_aanhoudingen",
        "zorg_a_justitiele_maatregel",
        "zorg_b_civiele_maatregel",
        "zorg_c_school",
        "zorg_d_huiselijk_geweld",
        "zorg_e_jonge_aanhouding",
        "zorg_f_nepdope",
        "zorg_g_jeugdgroep",
    ),
    "top600": (
        "hic_politie_variant_1",
        "hic_politie_variant_2",
        "hic_om_veelpleger",
        "hic_om_first_offender",
        "dv_politie",
        "dv_om",
    ),
}


def fact_masks(facts: pd.DataFrame, peildatum: date) -> dict[str, pd.Series]:
    """Every fact condition as a boolean mask over ``facts``.

    Facts dated after the peildatum match no condition: each mask starts from a mask of
    one kind of fact up to the peildatum.
    """
    p = ymd(peildatum)
    y1, y2, y3, y5 = (ymd(years_back(peildatum, n)) for n in (1, 2, 3, 5))
    day_lo = epoch_day(years_back(peildatum, 2)) + 1
    day_hi = epoch_day(peildatum)
    soort, cat, detail, datum = facts["soort"], facts["categorie"], facts["detail"], facts["datum"]
    up_to_p = datum <= p

    def kind(name: str) -> pd.Series:
        return (soort == name) & up_to_p

    on_p = facts["einddatum"].isna() | (facts["einddatum"] >= p)
    within5, within3, within2 = datum > y5, datum > y3, datum > y2
    aanhouding = kind("aanhouding")
    verdachte = kind("verdachte")
    veroordeling = kind("veroordeling")
    leerplicht = kind("leerplicht")
    maatregel = kind("maatregel")
    with_sentence = detail.isin(WITH_SENTENCE)
    prison = detail.isin(PRISON)
    hic = cat.isin(HIC)
    age_ymd = datum - facts["geboortedatum"]
    return {
        "regio": kind("inschrijving") & cat.isin(REGION) & on_p,
        "aanh_hic_5j": aanhouding & hic & within5,
        "aanh_misdrijf_2j": aanhouding & cat.isin(MISDRIJF) & within2,
        "maatregel_justitieel": maatregel & (cat == "justitieel") & on_p,
        "maatregel_civiel": maatregel & (cat == "civiel") & on_p,
        "school_5j": leerplicht & cat.isin(SCHOOL_SIGNALS) & within5,
        "wissel_po": leerplicht & (cat == "schoolwissel_po"),
        "wissel_vo": leerplicht & (cat == "schoolwissel_vo"),
        "hg_5j": kind("huiselijk_geweld") & detail.isin(DV_ROLES) & within5,
        "aanh_12_13": aanhouding & (age_ymd >= 120000) & (age_ymd < 140000),
        "aanh_nepdope_5j": aanhouding & (cat == "apv_nepdope") & within5,
        "jeugdgroep": kind("jeugdgroep") & (cat == "geprioriteerd") & on_p,
        "aanh_1j": aanhouding & (datum > y1),
        "verd_hic_2j": verdachte & hic & within2,
        "voorg_hic_5j": kind("voorgeleiding") & hic & within5,
        "verd_5j": verdachte & within5,
        "veroord_straf_5j": veroordeling & with_sentence & within5,
        "veroord_hic_5j": veroordeling & hic & with_sentence & within5,
        "aanh_harddrugs_5j": aanhouding & (cat == "harddrugs_handel") & within5,
        "aanh_geweld_5j": aanhouding & cat.isin(VIOLENCE_THREAT_WEAPONS) & within5,
        "veroord_misdrijf_5j": veroordeling & cat.isin(MISDRIJF) & with_sentence & within5,
        "veroord_harddrugs_3j": veroordeling
        & (cat == "harddrugs_handel")
        & with_sentence
        & within3,
        "veroord_wapen_cel_3j": veroordeling & (cat == "wapenbezit") & prison & within3,
        "veroord_zwaar_cel_3j": veroordeling & cat.isin(SERIOUS_VIOLENCE) & prison & within3,
        "detentie_2j": kind("detentie")
        & (facts["dag"] <= day_hi)
        & (facts["einddag"].fillna(day_hi) >= day_lo),
    }


def detention_days(facts: pd.DataFrame, mask: pd.Series, peildatum: date) -> pd.Series:
    """Per person, the days of the last two years covered by at least one detention."""
    day_lo = epoch_day(years_back(peildatum, 2)) + 1
    day_hi = epoch_day(peildatum)
    periods = pd.DataFrame(
        {
            "persoon": facts.loc[mask, "persoon"],
            "s": facts.loc[mask, "dag"].clip(lower=day_lo),
            "e": facts.loc[mask, "einddag"].fillna(day_hi).clip(upper=day_hi),
        }
    ).sort_values(["persoon", "s", "e"])
    # Each period adds the days after the latest end of the periods that start before it.
    previous_end = periods.groupby("persoon")["e"].cummax().groupby(periods["persoon"]).shift()
    first_new = np.maximum(periods["s"], previous_end.fillna(periods["s"] - 1) + 1)
    new_days = (periods["e"] - first_new + 1).clip(lower=0)
    return new_days.groupby(periods["persoon"]).sum()


def round_pandas(frames: dict[str, pd.DataFrame], peildatum: date) -> RoundOutput:
    """Both approaches, inflow and outflow, with evidence."""
    p = ymd(peildatum)
    facts = frames["feiten"]
    masks = fact_masks(facts, peildatum)

    persons = frames["personen"].set_index("persoon")
    counts = pd.DataFrame(
        {
            name: facts.loc[mask, "persoon"].value_counts()
            for name, mask in masks.items()
            if name != "detentie_2j"
        }
    )
    n = counts.reindex(persons.index).fillna(0)
    detention = detention_days(facts, masks["detentie_2j"], peildatum).reindex(
        persons.index, fill_value=0
    )
    age = p - persons["geboortedatum"]  # compare with yyyymmdd offsets: 21 years = 210000
    participants = frames["deelnemers"]

    in_regio = n["regio"] > 0
    rules = {
        "top400": {
            "politie_hic_aanhouding": n["aanh_hic_5j"] >= 1,
            "politie_misdrijf_aanhoudingen": n["aanh_misdrijf_2j"] >= 2,
            "zorg_a_justitiele_maatregel": n["maatregel_justitieel"] > 0,
            "zorg_b_civiele_maatregel": n["maatregel_civiel"] > 0,
            "zorg_c_school": (n["school_5j"] >= 1) | (n["wissel_po"] > 3) | (n["wissel_vo"] > 2),
            "zorg_d_huiselijk_geweld": n["hg_5j"] >= 1,
            "zorg_e_jonge_aanhouding": n["aanh_12_13"] >= 1,
            "zorg_f_nepdope": n["aanh_nepdope_5j"] >= 1,
            "zorg_g_jeugdgroep": n["jeugdgroep"] > 0,
        },
        "top600": {
            "hic_politie_variant_1": (n["aanh_hic_5j"] >= 3)
            & (n["verd_hic_2j"] >= 1)
            & (n["voorg_hic_5j"] >= 1),
            "hic_politie_variant_2": (n["aanh_hic_5j"] >= 1)
            & (n["verd_hic_2j"] >= 1)
            & (n["voorg_hic_5j"] >= 1)
            & (n["verd_5j"] >= 33),
            "hic_om_veelpleger": (age >= 210000)
            & (n["veroord_straf_5j"] >= 3)
            & (n["veroord_hic_5j"] >= 1),
            "hic_om_first_offender": (age < 210000) & (n["veroord_hic_5j"] >= 1),
            "dv_politie": (age < 300000)
            & (n["aanh_harddrugs_5j"] >= 1)
            & (n["aanh_geweld_5j"] >= 1),
            "dv_om": (n["veroord_misdrijf_5j"] >= 2)
            & (
                (n["veroord_harddrugs_3j"] >= 1)
                | (n["veroord_wapen_cel_3j"] >= 1)
                | (n["veroord_zwaar_cel_3j"] >= 1)
            ),
        },
    }
    t4, t6 = rules["top400"], rules["top600"]
    care_signals = sum(t4[r].astype(int) for r in t4 if r.startswith("zorg_"))
    inflow = {
        "top400": (age >= 120000)
        & (age < 240000)
        & in_regio
        & (t4["politie_hic_aanhouding"] | t4["politie_misdrijf_aanhoudingen"])
        & (care_signals >= 3),
    }
    hic_or_dv = (t6["hic_politie_variant_1"] | t6["hic_politie_variant_2"]) & (
        t6["hic_om_veelpleger"] | t6["hic_om_first_offender"]
    ) | (t6["dv_politie"] & t6["dv_om"])
    inflow["top600"] = in_regio & hic_or_dv

    # Outflow steps in order: (condition, uitkomst, reden), then the outcome otherwise.
    outflow: dict[str, list[tuple[pd.Series, str, str]]] = {}
    otherwise = {"top400": ("blijft", "meerdere_aanhoudingen"), "top600": ("blijft", "voldoet_nog")}
    years_in, is_participant = {}, {}
    for approach in ("top400", "top600"):
        entered = participants.loc[participants["aanpak"] == approach].set_index("persoon")
        years_in[approach] = p - entered["instroomdatum"].reindex(persons.index)
        is_participant[approach] = persons.index.isin(entered.index)
    outflow["top400"] = [
        (years_in["top400"] < 20000, "blijft", "min_duur"),
        (detention > 100, "blijft", "detentie"),
        (n["aanh_1j"] <= 1, "uitstroom", "aanhoudingen"),
    ]
    outflow["top600"] = [
        (years_in["top600"] < 20000, "blijft", "min_duur"),
        (detention > 180, "blijft", "detentie"),
        (~hic_or_dv, "uitstroom", "voldoet_niet_meer"),
    ]

    outcome_frames = []
    for approach in ("top400", "top600"):
        steps = outflow[approach]
        conditions = [c for c, _, _ in steps]
        last_outcome, last_reason = otherwise[approach]
        participant_rows = pd.DataFrame(
            {
                "uitkomst": np.select(conditions, [u for _, u, _ in steps], last_outcome),
                "redenen": np.select(conditions, [r for _, _, r in steps], last_reason),
            },
            index=persons.index,
        )[is_participant[approach]]
        entering = inflow[approach] & ~is_participant[approach]
        reasons = pd.Series("", index=persons.index[entering], dtype=object)
        for reason in INFLOW_REASONS[approach]:
            holds = rules[approach][reason][entering]
            reasons = reasons + np.where(holds, reason + ";", "")
        inflow_rows = pd.DataFrame({"uitkomst": "instroom", "redenen": reasons.str.rstrip(";")})
        rows = pd.concat([participant_rows, inflow_rows]).rename_axis("persoon").reset_index()
        rows.insert(1, "aanpak", approach)
        outcome_frames.append(rows)
    outcomes = pd.concat(outcome_frames, ignore_index=True)

    # Evidence: every leaf rule's facts, for the persons with an outcome in that approach.
    evidence_frames = []
    for approach, leaves in LEAVES.items():
        mine = facts["persoon"].isin(outcomes.loc[outcomes["aanpak"] == approach, "persoon"])
        for rule, mask_name in leaves.items():
            rows = facts.loc[mine & masks[mask_name], ["persoon", "bron", "bron_id"]]
            evidence_frames.append(rows.assign(aanpak=approach, regel=rule))
    evidence = pd.concat(evidence_frames, ignore_index=True)

    outcome_rows: list[Outcome] = list(
        zip(
            *(outcomes[c].tolist() for c in ("persoon", "aanpak", "uitkomst", "redenen")),
            strict=True,
        )
    )
    evidence_table = pa.Table.from_pandas(
        evidence[["persoon", "aanpak", "regel", "bron", "bron_id"]], preserve_index=False
    )
    return RoundOutput(outcome_rows, evidence_table)


def frames_read(folder: Path) -> dict[str, pd.DataFrame]:
    """The four input tables of ``folder`` as DataFrames."""
    return {table: pd.read_parquet(folder / f"{table}.parquet") for table in TABLES}
