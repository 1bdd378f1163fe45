"""The legal basis a process documents is the one the law gives (issue #16, "Citations and rules").

Each process's documentation has a "Wettelijke basis" section, which the catalogue and the
console show to the people who carry the process out. These tests read that section as the
catalogue does and check the citations that a legal review found wrong.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from engine import catalogue

PROCESSES = Path(__file__).resolve().parents[2] / "processes"
BASIS = {e.process_id: e.sections.get("Wettelijke basis", "") for e in catalogue.entries(PROCESSES)}


@pytest.mark.parametrize(
    ("process_id", "cited", "not_cited"),
    [
        # Sociale recherche investigators are buitengewone opsporingsambtenaren: Sv 142, not 141.
        ("fraudeonderzoek", "Sv art. 142", "Sv art. 141"),
        # The doelgroepregister of the banenafspraak is kept under the Wet SUWI.
        ("werving_en_selectie", "Wet SUWI art. 38b", "Wet financiering sociale verzekeringen"),
        # The no-riskpolis is the Ziektewet's, not the Participatiewet's.
        ("nazorg_op_de_werkplek", "Ziektewet art. 29b", "10da (no-riskpolis"),
        # An internal document is no legal basis.
        ("opschorten_en_herstel_verzuim", "Pw art. 54 lid 1", "DOMAIN"),
    ],
)
def test_the_documented_legal_basis_cites_the_right_article(
    process_id: str, cited: str, not_cited: str
) -> None:
    assert cited in BASIS[process_id]
    assert not_cited not in BASIS[process_id]


@pytest.mark.parametrize("process_id", ["beeindiging_uitkering", "uitstroom_naar_werk"])
def test_an_ordinary_termination_is_an_intrekking_for_the_future(process_id: str) -> None:
    basis = BASIS[process_id]
    assert "intrekking van het toekenningsbesluit voor de toekomst" in basis
    # Pw 54 lid 3 is named only for a retroactive herziening or intrekking.
    assert "Pw art. 54 lid 3 (intrekking/beëindiging" not in basis
    assert "Pw art. 54 lid 3 (herzien of intrekken)" not in basis
    assert "Pw art. 54 lid 3 (herziening of intrekking met terugwerkende kracht)" in basis


def test_a_term_not_found_in_the_law_is_marked_to_be_verified() -> None:
    assert "te verifiëren" in BASIS["opschorten_en_herstel_verzuim"]
