"""People, organisations and places: rules plus the editable gazetteer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import DW_SAMPLE, ROOT
from news_digest.enrich.entities import (
    Gazetteer,
    add_entities,
    extract_entities,
    load_gazetteer,
    short_forms,
)
from news_digest.enrich.entities.tokens import own_headline, story_sentences
from news_digest.story import Block, Story

GAZ = Gazetteer.from_mapping(
    {
        "places": {
            "Veldoria": ["Republic of Veldoria", "Port Aster"],
            "Kestrelland": ["KL"],
        },
        "organisations": {"Northern Trade Pact": ["NTP", "the northern bloc"]},
    }
)


def _story(*paragraphs: str, headline: str = "A story", **kw) -> Story:
    return Story(source="s.txt", headline=headline, blocks=[Block("p", p) for p in paragraphs], **kw)


def test_titles_and_demonyms_are_stripped_from_people() -> None:
    story = _story(
        "Veldorian Deputy Foreign Minister Anton Brezil met envoys on Monday.",
        "Assistant to the President of the Republic of Veldoria Mira Castell said talks went well.",
    )
    ents = extract_entities(story, GAZ)
    assert "Anton Brezil" in ents["people"]
    assert "Mira Castell" in ents["people"]
    assert "Veldoria" in ents["places"]
    every = [n for names in ents.values() for n in names]
    assert not any("Minister" in n or "Assistant" in n or "President" in n for n in every)


def test_surname_mentions_merge_into_the_full_name() -> None:
    story = _story(
        "Finance Secretary Lotte Okonkwo presented the budget in Port Aster.",
        "Critics said Okonkwo had cut school funding. Okonkwo denied it.",
    )
    ents = extract_entities(story, GAZ)
    assert ents["people"] == ["Lotte Okonkwo"]


def test_full_name_without_a_title_counts_when_the_surname_recurs() -> None:
    story = _story(
        "A report by Tomas Hallgren found the river cleaner than a decade ago.",
        "The findings surprised even Hallgren, a chemist by training.",
    )
    assert extract_entities(story, GAZ)["people"] == ["Tomas Hallgren"]


def test_aliases_merge_through_the_gazetteer() -> None:
    story = _story(
        "Port Aster welcomed the decision, and officials in KL were cautious.",
        "Members of the northern bloc will meet again, an NTP statement said.",
    )
    ents = extract_entities(story, GAZ)
    assert ents["places"] == ["Kestrelland", "Veldoria"]
    assert ents["organisations"] == ["Northern Trade Pact"]


def test_sentence_initial_common_words_are_rejected() -> None:
    story = _story(
        "Against expectations, the ferry reached Port Aster on time.",
        "Currently, no other ferries operate. Recently, fares doubled. Earlier, a bridge was planned.",
        "According to Ilse Marov, the port's director, demand keeps growing. Marov said so twice.",
    )
    every = {n for names in extract_entities(story, GAZ).values() for n in names}
    assert every.isdisjoint({"Against", "Currently", "Recently", "Earlier", "According"})
    assert "Ilse Marov" in every


def test_a_capitalised_word_used_mid_sentence_still_counts_at_a_sentence_start() -> None:
    story = _story(
        "Ministers met Harbour Commissioner Piet Vandermeer on Friday.",
        "Vandermeer later said the port would stay open.",
    )
    assert extract_entities(story, GAZ)["people"] == ["Piet Vandermeer"]


def test_organisations_by_suffix_and_acronym() -> None:
    story = _story(
        "The Kestrel Farmers Association and the Veldoria Health Ministry signed a deal.",
        "Inspectors from the FTRA will check the farms, officials told reporters. The FTRA has ten inspectors.",
    )
    orgs = extract_entities(story, GAZ)["organisations"]
    assert "Kestrel Farmers Association" in orgs
    assert "FTRA" in orgs
    assert any(o.endswith("Health Ministry") for o in orgs)


def test_months_weekdays_and_fragments_are_not_entities() -> None:
    story = _story("On Monday, December 15, the Mayor of Port Aster Elin Sarko spoke in Lindholm.")
    ents = extract_entities(story, GAZ)
    every = {n for names in ents.values() for n in names}
    assert every.isdisjoint({"Monday", "December", "Mayor", "Of Port", "Aster Elin Sarko"})
    assert "Elin Sarko" in ents["people"]
    assert "Lindholm" in ents["places"]


def test_result_is_sorted_and_deterministic() -> None:
    story = _story("Zora Quint and Adam Berg met in Port Aster, Zora Quint told reporters. Berg agreed.")
    first = extract_entities(story, GAZ)
    assert first == extract_entities(story, GAZ)
    for names in first.values():
        assert names == sorted(names, key=str.lower)
    assert set(first) == {"people", "organisations", "places"}


def test_add_entities_keeps_editor_tags_first_without_duplicates() -> None:
    story = _story(
        "Finance Secretary Lotte Okonkwo presented the budget in Port Aster. Okonkwo smiled.",
        sidecar={"tags": ["budget", "veldoria"]},
    )
    story.tags = ["budget", "veldoria"]
    skipped = _story("Finance Secretary Lotte Okonkwo spoke. Okonkwo smiled.")
    skipped.reject("duplicate")
    add_entities([story, skipped], GAZ)
    assert story.tags[:2] == ["budget", "veldoria"]
    assert "Lotte Okonkwo" in story.tags
    assert len({t.casefold() for t in story.tags}) == len(story.tags)  # "Veldoria" not repeated
    assert story.entities["places"] == ["Veldoria"]
    assert skipped.entities == {} and skipped.tags == []


def test_load_gazetteer_reads_the_yaml_format(tmp_path: Path) -> None:
    path = tmp_path / "entities.yaml"
    path.write_text("places:\n  Veldoria: [Port Aster]\norganisations:\n  Tram Guild: []\n", encoding="utf-8")
    gaz = load_gazetteer(path)
    ents = extract_entities(_story("Port Aster and the Tram Guild disagreed."), gaz)
    assert ents["places"] == ["Veldoria"]
    assert ents["organisations"] == ["Tram Guild"]
    # Without a file, only the world's countries and US states.
    world_only = {canonical for _, canonical in load_gazetteer(None).lookup.values()}
    assert load_gazetteer(tmp_path / "missing.yaml").lookup == load_gazetteer(None).lookup
    assert {"Zimbabwe", "Wisconsin"} <= world_only and "Veldoria" not in world_only
    assert {kind for kind, _ in load_gazetteer(None).lookup.values()} == {"places"}


def test_project_gazetteer_loads() -> None:
    gaz = load_gazetteer(ROOT / "content" / "entities.yaml")
    assert gaz.get(("Washington",)) == ("places", "United States")
    assert gaz.get(("NATO",)) == ("organisations", "NATO")


def _dw_story() -> Story:
    if not DW_SAMPLE.is_file():
        pytest.skip(f"sample not available: {DW_SAMPLE}")
    text = DW_SAMPLE.read_text(encoding="utf-8")
    first, _, body = text.partition("\n")
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", body) if p.strip()]
    # Everything after the headline, page furniture included: the rules must
    # cope even if the cleaner left some behind.
    return _story(*paragraphs, headline=first.split("|")[0].strip())


def test_dw_sample_tags() -> None:
    story = _dw_story()
    add_entities([story], load_gazetteer(ROOT / "content" / "entities.yaml"))
    expected = {
        "Vladimir Putin", "NATO", "Ukraine", "Russia", "United States",
        "Karen Donfried", "Yuri Ushakov", "Sergei Ryabkov",
    }  # fmt: skip
    assert expected <= set(story.tags)
    # Mentioned in passing: found, but not among the story's eight tags.
    assert "Georgia" in story.entities["places"] and "Georgia" not in story.tags
    forbidden = {"Against", "Currently", "Recently", "Earlier", "West", "State", "Eurasian Affairs Karen"}
    assert forbidden.isdisjoint(story.tags)
    # No fragment of a title glued to a name.
    assert not any(re.search(r"\b(?:Affairs|Minister|President|Assistant)\b", t) for t in story.tags)


def test_dw_sample_without_people_in_the_gazetteer() -> None:
    """The people come from the rules, not from the gazetteer's people list."""
    story = _dw_story()
    gaz = load_gazetteer(ROOT / "content" / "entities.yaml")
    no_people = Gazetteer.from_mapping({k: v for k, v in gaz.names.items() if k != "people"})
    people = extract_entities(story, no_people)["people"]
    assert {"Vladimir Putin", "Karen Donfried", "Yuri Ushakov", "Sergei Ryabkov"} <= set(people)


def test_articles_datelines_and_geographic_words() -> None:
    story = _story(
        "BRACKWATER FORD (Harbour Wire) - The Tessel Line said its ferries would stop. "
        "Water from the River Dorn reached Mill Street by noon.",
        "Rail operator Calder Rail said trains would not run. The United Dock Workers' Union backed the crews, "
        "and dockers in the port of Hallam agreed.",
    )
    found = extract_entities(story, GAZ)
    assert "Tessel Line" in found["organisations"] and "Tessel Line" not in found["people"]
    assert "Calder Rail" in found["organisations"] and "Calder Rail" not in found["people"]
    assert "United Dock Workers' Union" in found["organisations"]
    assert {"River Dorn", "Mill Street", "Hallam"} <= set(found["places"])
    assert not any("FORD" in name or name == "Dock Workers" for kind in found.values() for name in kind)


# --- rules for real scrapes (our own lines, written like the scrapes) -------

PROJECT_GAZ = load_gazetteer(ROOT / "content" / "entities.yaml")


def _names(story: Story) -> set[str]:
    return {n for names in extract_entities(story, PROJECT_GAZ).values() for n in names}


def _tagged(story: Story) -> set[str]:
    """Every name ``story`` is tagged with when it is the archive (``add_entities``: ranked, merged, capped)."""
    add_entities([story], PROJECT_GAZ)
    return {n for names in story.entities.values() for n in names}


def test_newspaper_names_come_whole() -> None:
    names = _names(
        _story(
            "The council's plan was first reported by The New York Times and later by the Los Angeles Times."
        )
    )
    assert {"The New York Times", "Los Angeles Times"} <= names
    assert not names & {"York Times", "Angeles Times"}


def test_bodies_that_share_words_stay_apart() -> None:
    names = _names(
        _story(
            "The US National Security Council met on the harbour plan.",
            "Later the UN Security Council debated the blockade of Port Aster.",
        )
    )
    assert "UN Security Council" in names
    assert any(n.endswith("National Security Council") for n in names)


def test_acronym_and_full_name_merge_in_a_story() -> None:
    names = _names(
        _story(
            "The Coastal Flood Warning Office issued an alert for the Dorn valley on Monday.",
            "A CFWO spokesperson said levels would peak at noon. The CFWO asked residents to move cars.",
        )
    )
    assert "Coastal Flood Warning Office" in names and "CFWO" not in names


def test_acronym_merges_across_the_archive() -> None:
    first = _story(
        "The Regional Salmon Survey Agency counted fewer fish this year.", headline="Salmon counts fall"
    )
    second = _story(
        "RSSA divers began their autumn count. The RSSA expects a better year.", headline="RSSA divers return"
    )
    add_entities([first, second], PROJECT_GAZ)
    assert "Regional Salmon Survey Agency" in second.tags and "RSSA" not in second.tags


def test_lower_case_terms_and_one_off_capitals_are_not_tags() -> None:
    names = _names(
        _story(
            "Patients with chronic kidney disease (CKD) waited longest at Halden General Hospital.",
            "CKD clinics reopen in May. Doctors said the IS label on the forms confused staff.",
        )
    )
    assert not names & {"CKD", "IS"}


def test_datelines_and_picture_credits_give_no_tags() -> None:
    names = _names(
        _story(
            "ST. ALDER, Minn. -- The Minnesota House voted 68-62 on the ferry bill on Friday.",
            "Crews cleared the pier at dawn. (Lena Ortiz / Harbour Courier)",
            "Study: Ferry noise and sleep. Image Credit: Ria Moss / Lensbank",
        )
    )
    assert not names & {"ALDER", "ST", "Lena Ortiz", "Harbour Courier", "Ria Moss", "Lensbank"}


def test_an_agency_credit_without_a_slash_is_not_read() -> None:
    story = _story(
        "Divers checked the hull on Monday (Orrin Sea Images). The pier reopened. Kestrel Lens Images",
        "Searchlight Pictures confirmed the date.",
    )
    words = {tok for sentence in story_sentences(story) for tok in sentence}
    assert not {"Orrin", "Kestrel", "Images"} & words
    assert {"Divers", "Searchlight", "Pictures"} <= words


def test_titles_and_party_labels_mark_people_without_joining_the_name() -> None:
    names = _names(
        _story("Sen. Tomas Verhoef (R-Texas) opposed the bill, and Rep. Ines Kalder, DFL-Duluth, backed it.")
    )
    assert {"Tomas Verhoef", "Ines Kalder"} <= names
    assert not any(n.startswith(("Sen", "Rep")) for n in names)


def test_a_company_in_the_headline_is_tagged_when_the_body_repeats_it() -> None:
    story = _story(
        "The new Pinecrest laptops are lighter than last year's models, reviewers found.",
        "Pinecrest said the machines would ship in June. Analysts expect Pinecrest to sell millions.",
        headline="Pinecrest unveils lighter laptops",
    )
    assert "Pinecrest" in extract_entities(story, PROJECT_GAZ)["organisations"]


def test_headline_names_rank_first_and_tags_are_capped() -> None:
    story = _story(
        "Coach Edda Rallis praised her squad after the match in Brackwater on Sunday.",
        "Striker Joss Merrin scored twice. Merrin said the win mattered. Rallis agreed, and Merrin smiled.",
        "Late in the game, defender Piet Arnhold and goalkeeper Tove Lindqvist made saves, Arnhold said.",
        headline="Rallis hails Kellhaven Rovers after cup win",
    )
    add_entities([story], PROJECT_GAZ, max_tags=2)
    assert story.tags == ["Edda Rallis", "Joss Merrin"]


# --- whole names, titles, acronyms and world data (issue 8, second round) ---


def test_and_inside_an_organisation_name_keeps_it_whole() -> None:
    names = _names(
        _story(
            "The National Kelp and Tidal Administration issued a warning.",
            "Staff at the Centers for Ferries & Harbour Services agreed, and so did the "
            "Department of Parks and Marine Services.",
            "Officials from Orrinvale and Bellgate met the House Committee on Fishing and Trade on Thursday.",
        )
    )
    assert {
        "National Kelp and Tidal Administration",
        "Centers for Ferries & Harbour Services",
        "Department of Parks and Marine Services",
        "House Committee on Fishing and Trade",
    } <= names
    assert not any(n.startswith(("and ", "Tidal", "Harbour Services", "Marine")) for n in names)
    assert "Orrinvale and Bellgate" not in names


def test_a_name_continues_through_of_and_stops_at_a_person() -> None:
    names = _names(
        _story(
            "The Lindholm Museum of Maritime Art reopened.",
            "Bank of Ostia Governor Mark Lindqvist said rates would hold. Lindqvist smiled.",
            "The Garrow Council on Thursday approved the plan.",
        )
    )
    assert {"Lindholm Museum of Maritime Art", "Bank of Ostia", "Mark Lindqvist"} <= names
    assert "Lindholm Museum" not in names
    assert not any("Thursday" in n for n in names)


def test_a_committee_with_a_title_word_is_not_generic() -> None:
    names = _names(
        _story("House Energy Committee Chairwoman Ada Rusk opened the hearing. Rusk said it would be short.")
    )
    assert {"House Energy Committee", "Ada Rusk"} <= names


def test_roles_before_a_name_are_peeled_with_nameparser_titles() -> None:
    names = _names(
        _story(
            "City Engineer Dana Holt said the bridge needed work. Holt said it would close in May.",
            "In testimony, former Supervisor Mira Lund said she was never pressed. Lund left in 2020.",
        )
    )
    assert {"Dana Holt", "Mira Lund"} <= names
    assert not any(n.startswith(("Engineer", "Supervisor")) for n in names)


def test_an_acronym_before_the_place_names_a_body_whole() -> None:
    names = _names(_story("Demand for kites rose 30%, said the U.S. Kite Flyers Association, a trade group."))
    assert "U.S. Kite Flyers Association" in names and "Kite Flyers Association" not in names


def test_an_acronym_used_before_a_matching_name_is_not_that_name() -> None:
    names = _names(
        _story(
            "The ZQ figures surprised analysts, and ZQ traders were cautious.",
            "Later the firm opened the Zenith Quarry, its third site.",
        )
    )
    assert "Zenith Quarry" not in names or "ZQ" not in {n for n in names if n != "Zenith Quarry"}
    spelled = _names(
        _story(
            "The Harbour Kite Board (HKB) met on Friday.",
            "HKB members voted to meet again, and the HKB chair agreed.",
        )
    )
    assert "Harbour Kite Board" in spelled and "HKB" not in spelled


def test_a_dotted_acronym_in_a_name_gives_all_its_letters() -> None:
    first = _story("The U.S. Kite Flyers Association counted members.", headline="Kite clubs grow")
    second = _story("UKFA pilots met in Bellgate. The UKFA said more would come.", headline="UKFA meets")
    add_entities([first, second], PROJECT_GAZ)
    assert "U.S. Kite Flyers Association" not in second.tags


def test_lower_case_terms_spelled_out_anywhere_are_not_tags() -> None:
    names = _names(
        _story(
            "People with harbour wave syndrome were treated at Halden General Hospital.",
            "Patients with HWS stayed longer. Doctors said harbour wave syndrome is rare, and HWS clinics are few.",
        )
    )
    assert "HWS" not in names


def test_countries_and_us_states_come_from_pycountry() -> None:
    story = _story(
        "Power cuts in Zimbabwe lasted ten hours, and the Islamic Republic of Iran sent engineers.",
        "Volunteers from Wisconsin helped.",
    )
    places = extract_entities(story, load_gazetteer(None))["places"]
    assert {"Zimbabwe", "Iran", "Wisconsin"} <= set(places)


def test_ampersand_acronyms_are_one_token() -> None:
    names = _names(_story("Dr. Rui Pell, now director of R&D at the Bellgate Works, said AT&T called."))
    assert "Rui Pell" in names
    assert not any(n.startswith(("R ", "D ", "T ")) for n in names)


def test_a_name_at_a_sentence_start_keeps_its_first_word() -> None:
    names = _names(
        _story(
            "Ilsa Marrow and Teo Bran of Bellgate won the pairs title on Saturday.",
            "The crowd cheered. Marrow and Bran have skated together for years.",
            "Following Quantumreef, the film, the pair rested.",
        )
    )
    assert {"Ilsa Marrow", "Teo Bran"} <= names
    assert not any(n.startswith("Following") for n in names)


def test_a_title_word_that_ends_a_name_is_a_surname() -> None:
    names = _names(_story("Senate President Ola Joe Champion, of Bellgate, said the bill would pass."))
    assert "Ola Joe Champion" in names


# --- names of one word, and words that only look like names ------------------


def test_a_one_word_name_the_story_keeps_using_is_a_tag() -> None:
    story = _story(
        "Users of Chirper, the short-message app, complained on Monday.",
        "Chirper said the outage was fixed. Engineers at Chirper blamed a cable, and Chirper apologised.",
        "The skater Ilsa Marrow posted a video; fans said Marrow looked calm.",
        headline="Outage hits messaging app",
    )
    add_entities([story], PROJECT_GAZ)
    assert "Chirper" in story.tags and "Ilsa Marrow" in story.tags
    assert "Marrow" not in story.tags  # a word of a person's name, not a name of its own


def test_words_that_look_like_one_word_names_are_not_tags() -> None:
    story = _story(
        "Californians and Minnesotans voted early. Later, Californians queued again and Minnesotans waited.",
        "The Orrin Sound was calm; sailors said the Sound was never so calm, and the sound carried.",
        "Doctors treat Halvorsen's disease early. Halvorsen's disease is rare, and Halvorsen's disease spreads.",
        "The firm, Varn Labs Inc., counted NPCs. NPCs are everywhere, and the NPCs never tire.",
    )
    add_entities([story], PROJECT_GAZ)
    assert not {"Californians", "Minnesotans", "Sound", "Halvorsen", "NPCs"} & set(story.tags)


def test_a_word_the_archive_writes_in_lower_case_needs_the_headline() -> None:
    quote = _story(
        'He wrote: "there was NO Crime, a Crime invented by them."',
        "Police said crime fell, and crime maps agree.",
        headline="Mayor answers critics",
    )
    other = _story("Residents said crime was down this year.", headline="Quiet year")
    add_entities([quote, other], PROJECT_GAZ)
    assert "Crime" not in quote.tags and "NO Crime" not in quote.tags
    fruit = _story("Growers said the apple harvest was early.", headline="Harvest")
    launch = _story(
        "The new laptops from Quince arrived in shops. Quince said sales were strong, and Quince shares rose.",
        headline="Quince unveils lighter laptops",
    )
    more = _story("A quince and an apple sat in the bowl.", headline="Still life")
    add_entities([fruit, launch, more], PROJECT_GAZ)
    assert "Quince" in launch.tags


def test_a_title_case_headline_gives_the_name_the_body_has() -> None:
    story = _story(
        "The studio Lumora said its writers will use the tool. Lumora engineers built it, and Lumora will share it.",
        headline="Lumora Develops Tool To Write Game Dialogue",
    )
    add_entities([story], PROJECT_GAZ)
    assert "Lumora" in story.tags
    assert not any("Develops" in t or "Tool" in t for t in story.tags)


def test_common_words_that_are_first_names_and_titles_used_as_names() -> None:
    names = _names(
        _story(
            '"We reached a deal," said Bill Corran, the network chief. Critics wanted hearings with Corran.',
            "Borough manager Dean Murrish said the plant was old. Murrish said it would be checked.",
        )
    )
    assert {"Bill Corran", "Dean Murrish"} <= names
    assert not {"Corran", "Murrish"} & names


def test_compass_words_open_places_and_parties_are_not_names() -> None:
    names = _names(
        _story(
            "The city of West Hallam could get a new road, officials said.",
            "Speaker Ada Rusk, a Bellgate Republican, backed it; the Democratic-run Senate did not.",
            "The bill, SB 8, passed. SB 8 now goes to the governor.",
        )
    )
    assert "West Hallam" in names and "Ada Rusk" in names
    assert not {"Bellgate Republican", "Democratic-run Senate", "SB", "Republican"} & names


def test_legal_forms_are_left_out_of_company_names() -> None:
    names = _names(_story("Varnlight Inc. and K.T. Orrin Co. signed the deal, Varnlight said."))
    assert {"Varnlight", "K.T. Orrin"} <= names
    assert not any(n.endswith((" Inc", " Co")) for n in names)


def test_only_a_place_acronym_joins_the_name_after_it() -> None:
    names = _names(_story("The U.N. Intergovernmental Panel on Tides published its report on Monday."))
    assert "Intergovernmental Panel on Tides" in names
    assert not any(n.startswith("U.N.") for n in names)


def test_first_names_point_to_the_full_name() -> None:
    story = _story(
        "It was a hard evening's work for Kelda Harrow. Samira let Kelda get away at the bell.",
        "As Kelda pulled clear, the crowd rose. The coach has signed Manuel Orrico; Orrico starts on Sunday.",
        "The coach said he had spoken to Manuel and the squad was ready.",
    )
    add_entities([story], PROJECT_GAZ)
    assert {"Kelda Harrow", "Manuel Orrico"} <= set(story.tags)
    assert not {"Kelda", "Manuel", "Orrico"} & set(story.tags)
    assert "Manuel Orrico" not in story.entities["places"]


def test_two_names_joined_by_and_stay_two() -> None:
    names = _names(
        _story(
            "The prize went to Ilse Brant and Nadia Press, and the Varn Cup and Coastal League agreed.",
            'Said Orrico: "We are happy."',
        )
    )
    assert "Ilse Brant and Nadia Press" not in names and "Varn Cup and Coastal League" not in names
    assert not any(n.startswith("Said") for n in names)


def test_short_forms_plurals_and_titles_of_works_are_not_extra_tags() -> None:
    story = _story(
        "The Varnhall Theatre reopened. The Varnhall was dark for a year, and the Varnhall now sells out.",
        "Two Harrow Kings were staged this year; both Harrow Kings sold out, said a Conservative councillor.",
        "His first play, Flight into Danger, ran for years. Flight into Danger was later filmed.",
        headline="Theatre reopens",
    )
    other = _story("The danger passed, officials said.", headline="All clear")
    third = _story("There was no danger, the report said.", headline="Report")
    add_entities([story, other, third], PROJECT_GAZ)
    assert "Varnhall Theatre" in story.tags
    assert not {"Varnhall", "Danger", "Conservative"} & set(story.tags)


def test_an_abbreviated_saint_opens_a_place() -> None:
    names = _names(
        _story("Flooding closed roads in St. Orrin County and along the Mt. Kell trail on Friday.")
    )
    assert {"St. Orrin County", "Mt. Kell"} <= names
    assert "Orrin County" not in names


def test_acronym_mentions_count_for_the_name_they_stand_for() -> None:
    story = _story(
        "Nurses in Bellgate, Orrinvale, Harrow and Kellwick said the rules would change.",
        "The Drug Ferry Enforcement Bureau said so in March. The DFEB proposed new limits.",
        "Doctors welcomed the DFEB plan, and the DFEB said it would listen. A DFEB form follows.",
    )
    add_entities([story], PROJECT_GAZ, max_tags=1)
    assert story.tags == ["Drug Ferry Enforcement Bureau"]


def test_a_state_or_country_takes_no_article_and_no_city() -> None:
    story = _story(
        "Flooding along the Mississippi could be the worst in years, and Oklahoma City braced for storms.",
        "Volunteers came from Texas.",
    )
    places = extract_entities(story, PROJECT_GAZ)["places"]
    assert "Texas" in places
    assert not {"Mississippi", "Oklahoma"} & set(places)


def test_a_campus_place_closes_an_organisation_name() -> None:
    names = _names(
        _story(
            "Kellwick Tech University Health Center El Varo researcher Ana Lind won a grant. Lind said so."
        )
    )
    assert "Kellwick Tech University Health Center El Varo" in names and "Ana Lind" in names


def test_a_known_place_inside_an_organisation_name_stays_inside() -> None:
    ents = extract_entities(
        _story("Shares fell on the New York Kite Exchange, and the Los Angeles Ferry Department agreed."),
        PROJECT_GAZ,
    )
    assert {"New York Kite Exchange", "Los Angeles Ferry Department"} <= set(ents["organisations"])
    assert "New York" not in ents["places"] and "Los Angeles" not in ents["places"]


def test_numbers_units_and_plural_acronyms_are_not_names() -> None:
    story = _story(
        "Five Bank of Ostia executives met. The plant makes 300 MW, and 40 MW more are planned.",
        "Cash machines, or ATMs, failed; ATMs in Bellgate and ATMs in Orrinvale went dark. The Chicago Seven sat.",
        headline="ATMs fail in Bellgate as plant adds MW",
    )
    add_entities([story], PROJECT_GAZ)
    assert "Bank of Ostia" in story.tags
    # A number word may end a name: "the Chicago Seven" is not Chicago.
    assert "Chicago" not in story.entities["places"]
    assert not {"ATMs", "MW", "Five Bank of Ostia"} & set(story.tags)


def test_an_index_of_the_wanted_acronyms_answers_as_the_whole_index() -> None:
    """Reading only the initials asked about (the speed-up in ``settle``) changes no answer."""
    from news_digest.enrich.entities import acronyms

    text = (
        "The National Weather Service (NWS) said people with substance use disorder were at risk. "
        "Later the NWS and the U.N. Security Council spoke; patients with SUD and substance use "
        "disorders waited. Adobe Illustrator, AI, the Food and Drug Administration and FDA agreed, "
        "as did the well-known short-term acronym committee (WKSTAC)."
    )
    whole = acronyms.Index.of(text)
    for acronym in ("NWS", "SUD", "U.N.", "AI", "FDA", "WKSTAC", "XYZ"):
        part = acronyms.Index.of(text, frozenset({acronym.replace(".", "").upper()}))
        assert acronyms.full_name(acronym, part) == acronyms.full_name(acronym, whole)
        assert acronyms.is_term(acronym, part) == acronyms.is_term(acronym, whole)
        assert part.plain.get(acronym) == whole.plain.get(acronym)
    assert acronyms.full_name("NWS", whole) == "National Weather Service"
    assert acronyms.is_term("SUD", whole)


def test_a_headline_written_as_a_sentence_is_read_as_the_first_sentence() -> None:
    """A lede used as the headline names the story's subjects; a title-case headline's capitals are style."""
    story = _story(
        "Her films include a sailing drama and a comedy. Varga, 41, did not comment.",
        headline="A spokesman says actress Noemi Varga has entered a clinic in Dunmore.",
    )
    add_entities([story], PROJECT_GAZ)
    assert {"Noemi Varga", "Dunmore"} <= set(story.tags)
    # A timestamp headline is no sentence: its zone is no name.
    stamp = _story(
        "Crews fought the fire for six hours, the brigade said.",
        headline="4 May 2026 Last updated at 11:11 GMT",
    )
    add_entities([stamp], PROJECT_GAZ)
    assert "GMT" not in stamp.tags
    # "Red Sox" at the start of a headline sentence is not a weak person that hides the team.
    team = _story(
        "The Kellhaven Red Sox offered the pitcher a deal. Fans of the Red Sox cheered.",
        headline="Report: Red Sox offer pitcher a deal",
    )
    add_entities([team], PROJECT_GAZ)
    assert any("Red Sox" in t for t in team.tags)


def test_a_title_case_deck_line_gives_no_names() -> None:
    story = _story(
        "Varga Feuded with Co-Workers Before the Fire; Risk Factors and Prevention of Workplace Harm",
        "Noemi Varga, a suspended Corvane Systems employee, returned on Thursday. Varga was arrested.",
    )
    add_entities([story], PROJECT_GAZ)
    assert "Noemi Varga" in story.tags
    assert not {"Varga Feuded", "Workplace Harm", "Risk Factors"} & set(story.tags)


def test_titles_in_the_middle_of_a_long_run_and_glued_titles() -> None:
    story = _story(
        "Brackwater County Sheriff Robert J Pellow said the car was found.",
        "Pellow said nothing more. Undersheriff Ivo Marsh told reporters the driver fled.",
        "Palmer City Clerk Janette Rowe told the Wire the building was old. Rowe said it would be missed.",
    )
    add_entities([story], PROJECT_GAZ)
    people = set(story.entities["people"])
    assert {"Robert J Pellow", "Ivo Marsh", "Janette Rowe"} <= people
    every = {n for names in story.entities.values() for n in names}
    assert not {"Pellow", "Rowe", "Undersheriff Ivo Marsh", "County Sheriff"} & every


def test_a_double_surname_after_a_title_points_to_the_full_name() -> None:
    story = _story(
        "The hostage, Ashley Lind Moreau, alerted the police.",
        "Ms. Lind Moreau was credited with ending the siege. Sgt. Van Dorn arrested him; Shayne Van Dorn is a veteran.",
        "The Notorious Teo Bran, a film, starred Teo Bran. Mr. Bran said little.",
    )
    add_entities([story], PROJECT_GAZ)
    people = set(story.entities["people"])
    assert {"Ashley Lind Moreau", "Shayne Van Dorn", "Teo Bran"} <= people
    assert not {"Lind Moreau", "Van Dorn", "Notorious Teo Bran"} & people


def test_surnames_with_an_apostrophe_and_titles_used_as_surnames() -> None:
    story = _story(
        "Harbour City fired coach Jim O'Dell after one season.",
        "Dana King hired Maurice Pell to replace O'Dell. King said the club needed a change, and O'Dell declined to comment.",
    )
    add_entities([story], PROJECT_GAZ)
    assert {"Jim O'Dell", "Dana King"} <= set(story.entities["people"])
    assert "Jim" not in story.tags


def test_nations_institutions_laws_ships_commands_and_gulfs() -> None:
    story = _story(
        "The Veldorian Navy stopped pirates in the Gulf of Tarsk. The ship VNS Harrow and the Western Naval Command led it.",
        "The Coastal Species Act and the Sailors' Bill of Rights Act were cited. The Veldorian Navy said VNS Harrow was unharmed.",
    )
    every = _tagged(story)
    assert {"Veldorian Navy", "Gulf of Tarsk", "Western Naval Command", "Coastal Species Act"} <= every
    assert "Sailors' Bill of Rights Act" in every
    assert not {"Naval Command", "Rights Act", "Tarsk", "Species Act"} & every


def test_a_compound_of_plain_words_opens_no_name() -> None:
    story = _story(
        "War-Zone Dunmore: three dead as the march turns into a battle.",
        "Protesters marched in Dunmore on Wednesday. Police in Dunmore used tear gas.",
    )
    # The archive writes both words in lower case.
    others = [_story("The war went on in the border zone for a year."), _story("A war zone, a buffer zone.")]
    add_entities([story, *others], PROJECT_GAZ)
    assert "War-Zone Dunmore" not in {n for names in story.entities.values() for n in names}


def test_a_weekday_after_a_name_is_its_time() -> None:
    story = _story(
        "A man was charged after a shooting at a party in Dunmore Friday.",
        "Harbour City fired Coach Maurice Pell Saturday morning after a poor start. Pell declined to comment.",
    )
    every = _tagged(story)
    assert {"Dunmore", "Maurice Pell"} <= every
    assert not {"Dunmore Friday", "Maurice Pell Saturday"} & every


def test_a_first_name_that_is_a_word_opens_a_name_at_a_sentence_start() -> None:
    story = _story(
        "The office building was evacuated. Bill Osgood, who works at Lantern Financial, said he hid for hours.",
        "Osgood said the police told the group to stay put.",
    )
    add_entities([story], PROJECT_GAZ)
    assert "Bill Osgood" in story.entities["people"]
    assert "Osgood" not in story.tags


def test_firms_prizes_surveys_and_seas_are_whole_names() -> None:
    story = _story(
        "The Veldoria Geological Survey measured the quake under the Persian Gulf and the Island of Tarsk.",
        "Staff of Corvane Foods and Harrow Advisers left early. The Persian Gulf was calm, and Corvane Foods reopened.",
        "She hosted the Academy Awards twice; the Academy Awards have a new host. Arcade Joseph Lind Jr. is at large; Lind fled.",
    )
    every = _tagged(story)
    assert {"Veldoria Geological Survey", "Persian Gulf", "Island of Tarsk", "Corvane Foods"} <= every
    assert {"Harrow Advisers", "Academy Awards", "Arcade Joseph Lind"} <= every
    assert not {"Gulf", "Geological Survey", "Lind"} & every


def test_a_place_before_a_division_word_is_part_of_a_longer_place() -> None:
    story = _story(
        "Los Angeles County Sheriff Lee Barca flew home. The deputy served Los Angeles County for years.",
        headline="Deputy of Los Angeles County Sheriff's office shot",
    )
    every = _tagged(story)
    assert "Los Angeles County" in every
    assert not {"Los Angeles", "County Sheriff"} & every


def test_titles_of_works_in_quotation_marks() -> None:
    story = _story(
        'Ada Quill will direct "Low Tide", the sequel to "Harbour Lights". Quill made "The Long Pier" too.',
        '"Harbour Lights" has grossed millions, and "Low Tide" starts shooting soon. "Yes," Quill said. "Yes."',
    )
    every = _tagged(story)
    assert {"Low Tide", "Harbour Lights"} <= every
    # Quoted once, or a plain word: no title.
    assert not {"The Long Pier", "Yes"} & every


def test_a_role_noun_before_a_name_marks_a_person() -> None:
    story = _story("The deputy was shot by gang member Jose Ruiz Ocampo, and first baseman Teo Lask watched.")
    add_entities([story], PROJECT_GAZ)
    assert {"Jose Ruiz Ocampo", "Teo Lask"} <= set(story.entities["people"])


def test_a_sentence_start_the_archive_writes_in_lower_case_opens_no_name() -> None:
    story = _story(
        "The dairy was failing. Enter Osric Vane, then a valley farmer. Vane took the equipment.",
        "Vane was charged last year.",
    )
    others = [_story("Visitors enter the hall at nine."), _story("Crews could not enter the mine.")]
    add_entities([story, *others], PROJECT_GAZ)
    every = {n for names in story.entities.values() for n in names}
    assert "Enter Osric Vane" not in every
    assert "Vane" not in story.tags


def test_a_capitalised_article_inside_a_sentence_opens_a_title() -> None:
    story = _story(
        "During the tour for The Salt Harbour Games the cast praised the book.",
        "The studio says The Salt Harbour Games will get a sequel. Salt fans cheered.",
        "A judge at The Dunmore County Court signed the order.",
    )
    every = _tagged(story)
    assert "The Salt Harbour Games" in every
    assert "The Dunmore County Court" not in every


def test_a_business_named_for_its_owner_is_no_person() -> None:
    story = _story(
        "A woman was struck in the parking lot of the Bloomfield Tam's Club in Bloomfield on Wednesday.",
        "Police in Bloomfield said the car left the Bloomfield Tam's Club at speed. At USC's School of Design, classes went on.",
    )
    every = _tagged(story)
    assert "Bloomfield Tam's Club" in every
    assert "Bloomfield" in story.entities["places"]
    assert not {"Bloomfield Tam", "USC's School"} & every


def test_the_name_after_of_counts_as_a_mention_of_the_place() -> None:
    story = _story(
        "A quake shook Dunmore and the tourist Island of Tarsk on Sunday.",
        "The quake was felt most on Tarsk, where the airport closed. Tarsk has 120,000 people.",
    )
    add_entities([story], PROJECT_GAZ, max_tags=1)
    assert story.tags == ["Island of Tarsk"]


def test_an_honorific_without_its_dot_marks_a_person() -> None:
    # British style: "Mr Varga", never "Mr. Varga"; the surname points to the full name.
    story = _story(
        "The plan was drawn up by Tomas Varga and the board of Orlen Wharf.",
        'Mr Varga said the wharf would reopen. "It is ready," said Mr Varga.',
        "Dr Ilse Brandt, who chairs the board, agreed.",
    )
    add_entities([story], PROJECT_GAZ)
    assert {"Tomas Varga", "Ilse Brandt"} <= set(story.entities["people"])
    assert "Varga" not in {n for names in story.entities.values() for n in names}


def test_a_name_between_the_and_a_noun_is_a_person_when_titled_elsewhere() -> None:
    story = _story(
        "Questions remain over the Tomas Varga affair, a committee says.",
        "Mr Varga resigned last month. Critics said Mr Varga had been treated kindly.",
        "The Orlen Wharf project was not discussed.",
    )
    add_entities([story], PROJECT_GAZ)
    assert "Tomas Varga" in story.entities["people"]
    every = {n for names in story.entities.values() for n in names}
    assert "Varga" not in every
    assert "Orlen Wharf" not in story.entities["people"]


def test_a_month_abbreviation_before_a_surname_is_a_first_name() -> None:
    story = _story(
        "Jan Kowalik, the studio's head of design, said the game ships in spring.",
        "Mr Kowalik would not give a date. The last patch came out on Jan 6.",
    )
    add_entities([story], PROJECT_GAZ)
    assert "Jan Kowalik" in story.entities["people"]
    assert "Jan" not in {n for names in story.entities.values() for n in names}


def test_a_role_in_apposition_marks_a_person() -> None:
    # No title in front and no "said" right after: the role after the comma is the cue.
    story = _story(
        "Profits rose at the shoe maker Dalvik this year.",
        "Petra Lindqvist, chairman and chief executive, said demand kept growing.",
        "Omar Haddad, an analyst at a Dalvik rival, was less sure. Spring Street, the main road, was closed.",
    )
    add_entities([story], PROJECT_GAZ)
    assert {"Petra Lindqvist", "Omar Haddad"} <= set(story.entities["people"])
    assert "Spring Street" not in story.entities["people"]


def test_a_body_met_once_does_not_take_an_acronym_the_archive_uses_often() -> None:
    # "KRB" is used, never spelled out, by four stories; one other story names
    # a club with the same initials. The club is not the KRB.
    club = _story("Members of the Kestrel Rowing Board raced at the fair.", headline="A rowing fair")
    users = [
        _story(
            f"The KRB said rates would hold. Story {n} adds that the KRB met twice.", headline=f"Rates {n}"
        )
        for n in range(4)
    ]
    add_entities([club, *users], PROJECT_GAZ)
    for story in users:
        assert "KRB" in story.tags
        assert "Kestrel Rowing Board" not in story.tags


def test_a_bill_before_parliament_is_a_name_and_bill_is_still_a_first_name() -> None:
    story = _story(
        "MPs will debate the Harbour Safety Bill on Tuesday.",
        "Ports minister Bill Harrow said the Harbour Safety Bill would save lives. Mr Harrow expects a vote.",
    )
    add_entities([story], PROJECT_GAZ)
    assert "Harbour Safety Bill" in story.entities["organisations"]
    assert "Bill Harrow" in story.entities["people"]


def test_a_fellowship_is_an_organisation_not_a_person() -> None:
    story = _story(
        "The Welsh Nursing Fellowship (WNF) said the plan was unwise.",
        "A WNF spokesman said its members would write to MPs. The WNF has 4,000 members.",
    )
    every = _tagged(story)
    assert "Welsh Nursing Fellowship" in story.entities["organisations"]
    assert "Nursing Fellowship" not in every


def test_a_name_after_a_noun_such_as_firm_is_an_organisation() -> None:
    story = _story(
        "Customers hang up sooner than before, according to IT firm Corvane Data.",
        "Corvane Data surveyed 200 call centres, its report says. Lina Oduya, who led it, said waits fell.",
        "Engineering firm Ardley Vane will stand trial. Ardley Vane managers deny the charge.",
        "Shares in the retailer Brightwick rose. Brightwick said sales grew. The firm Monday said nothing.",
    )
    add_entities([story], PROJECT_GAZ)
    assert {"Corvane Data", "Ardley Vane", "Brightwick"} <= set(story.entities["organisations"])
    assert not {"Corvane Data", "Ardley Vane"} & set(story.entities["people"])
    assert "Monday" not in {n for names in story.entities.values() for n in names}


def test_members_after_a_party_are_not_part_of_its_name() -> None:
    story = _story(
        "Some Vorland Unity MPs voted against the plan, and the Vorland Unity leader said so.",
        "Vorland Unity MEPs said they would abstain. Vorland Unity has 12 seats in Vorland.",
    )
    every = _tagged(story)
    assert not {"Vorland Unity MPs", "Vorland Unity MEPs"} & every


def test_a_party_named_by_a_title_word_is_a_name_when_the_story_keeps_using_it() -> None:
    story = _story(
        "The defector will sit with his new Labour colleagues from Monday.",
        "Labour said the move showed its appeal. Labour figures were pleased, and the Chancellor agreed.",
        "A Rep. said nothing. The shadow chancellor said the Chancellor was wrong, and the Chancellor replied.",
    )
    every = _tagged(story)
    assert "Labour" in every
    assert not {"Chancellor", "Rep"} & every


def test_plural_titles_and_terms_are_not_names() -> None:
    story = _story(
        "The minister wrote to MPs on Monday about the plan for Dunmore.",
        "She told MPs that shops in Dunmore sold more DVDs than ever. The DVD market grew, DVD makers said.",
    )
    every = _tagged(story)
    assert not {"MPs", "DVDs", "DVD"} & every
    assert "Dunmore" in every


def test_a_body_acronym_before_a_short_name_of_its_own_is_part_of_it() -> None:
    story = _story(
        "The minister told BBC Radio 4 that the plan would go ahead.",
        "She later spoke to the BBC World Service about it.",
        "The U.N. Intergovernmental Panel on Climate Change has not commented.",
    )
    add_entities([story], PROJECT_GAZ)
    orgs = set(story.entities["organisations"])
    assert {"BBC Radio 4", "BBC World Service"} <= orgs
    assert not {"BBC Radio", "World Service"} & orgs
    assert "United Nations Intergovernmental Panel on Climate Change" not in orgs


def test_a_people_in_the_plural_is_not_a_name() -> None:
    story = _story(
        "Protests spread across Dunmore as Greeks marched again.",
        "Greeks have protested for weeks. Many Greeks say the cuts are unfair.",
    )
    add_entities([story], PROJECT_GAZ)
    assert "Greeks" not in {n for names in story.entities.values() for n in names}


def test_a_one_word_body_that_is_the_surname_of_one_archive_person_is_that_person() -> None:
    named = [
        _story(
            f"President Lena Vance signed order {n} on Monday. Vance said it would help.",
            headline=f"Order {n}",
        )
        for n in range(2)
    ]
    bare_story = _story(
        "The Vance administration changed the rule again.",
        "Critics of the Vance administration said the Vance rule was rushed.",
        headline="Rule changes again",
    )
    factory = _story("Workers at the Ostrow plant went on strike. Ostrow managers met Ostrow unions.")
    add_entities([*named, bare_story, factory], PROJECT_GAZ)
    assert "Lena Vance" in bare_story.entities["people"]
    assert "Vance" not in bare_story.tags
    assert "Ostrow" not in factory.entities["people"]


def test_a_piece_left_when_a_demonym_was_peeled_is_not_a_second_body() -> None:
    story = _story(
        "The British Tape Association said sales fell.",
        "British Tape Association figures show a drop. Tape Association officials blamed downloads.",
    )
    add_entities([story], PROJECT_GAZ)
    orgs = set(story.entities["organisations"])
    assert "British Tape Association" in orgs
    assert "Tape Association" not in orgs


def test_a_full_name_repeated_whole_three_times_is_a_name() -> None:
    story = _story(
        "Tory defector Rhys Morgan will sit on the Labour benches.",
        "The timing of Rhys Morgan's move was no accident. The vote will not turn on what Rhys Morgan did.",
        "Golden Harbour won an award. Golden Harbour fans cheered, and Golden Harbour sold out.",
    )
    others = [_story("The golden light fell on the harbour."), _story("A golden age for the harbour town.")]
    add_entities([story, *others], PROJECT_GAZ)
    assert "Rhys Morgan" in story.entities["people"]
    assert "Golden Harbour" not in story.entities["people"]


# --- fourth development set (zyte-aeb pages): our own lines, written like them ---


def test_a_block_quote_is_the_story_s_text_but_an_embedded_post_is_not() -> None:
    review = (
        "Pellworth is Brannock's answer to the console, and the Pellworth Dock is the only way to play it on a "
        "television for now. Brannock says the Pellworth controller will pair with phones next year."
    )
    post = "Crews are clearing the Harlow Causeway now. pic.twitter.com/x1Y2z3 — Ada Rusk (@adarusk) March 3, 2026"
    story = Story(
        source="s.txt",
        headline="Early reviews are in",
        blocks=[
            Block("p", "The first reviews of the streaming service arrived on Tuesday."),
            Block("quote", review),
            Block("quote", post),
        ],
    )
    names = _tagged(story)
    assert {"Pellworth", "Brannock"} <= names
    assert not names & {"Harlow Causeway", "Ada Rusk"}


def test_a_social_handle_or_hashtag_is_not_a_name() -> None:
    story = _story(
        '"Governor @TomasVerhoef has done a wonderful job," the mayor wrote. "Vote for @TomasVerhoef!"',
        "Supporters shared #VerhoefForGovernor and #VerhoefForGovernor again.",
        "Tomas Verhoef won the primary in Kellhaven. Verhoef said he was grateful.",
    )
    names = _tagged(story)
    assert "Tomas Verhoef" in names
    assert not names & {"TomasVerhoef", "VerhoefForGovernor"}


def test_a_name_ending_in_an_acronym_is_a_product_not_a_person() -> None:
    story = _story(
        "Orvane launched a music service on Monday, a year after Orvane TV.",
        "Analysts said Orvane had been slow to move beyond hardware. Orvane declined to comment.",
    )
    assert "Orvane TV" not in extract_entities(story, PROJECT_GAZ)["people"]
    assert "Orvane" in _tagged(story)


def test_a_place_used_on_its_own_again_and_again_is_not_a_first_name() -> None:
    story = _story(
        "Researchers found plumes of vapour rising from Halvard, a moon thought to hide an ocean.",
        "The space agency's Halvard Clipper will fly past Halvard dozens of times.",
        "Plumes on Halvard seem to come and go, the team said. Halvard may hold water.",
    )
    names = _tagged(story)
    assert "Halvard" in names


def test_ordinary_words_written_whole_again_and_again_are_one_name() -> None:
    story = _story(
        "The singer says Quiet Engine, the label that owns her first albums, will not let her perform them.",
        "Quiet Engine was sold this year. Fans asked Quiet Engine to relent, and the Harbour Bell rang at noon.",
        "Sir Ravi Mehta, who runs the label, said Sir Ravi had done nothing wrong.",
    )
    names = _tagged(story)
    assert "Quiet Engine" in names
    assert not names & {"Engine", "Sir Ravi", "Harbour Bell"}


def test_a_lone_letter_or_a_piece_of_a_longer_name_is_not_a_whole_name() -> None:
    story = _story(
        "Cases of Strep B rose in the autumn. Doctors said Strep B spreads in schools.",
        "Parents should know the signs of Strep B, The Cold Ledger reported. The Cold Ledger asked readers.",
        "A column in The Cold Ledger said so.",
    )
    names = _tagged(story)
    assert not names & {"Strep B", "Cold Ledger"}


def test_and_inside_a_body_s_field_keeps_its_name_whole() -> None:
    names = _names(
        _story(
            "The firm heard from the Harbours and Fisheries Commission on Monday.",
            "Figures came from the Kellhaven Survey on Housing Costs and Rents, a yearly poll.",
        )
    )
    assert {"Harbours and Fisheries Commission", "Kellhaven Survey on Housing Costs and Rents"} <= names
    assert not names & {"Fisheries Commission", "Kellhaven Survey on Housing Costs"}


def test_calls_to_follow_or_sign_up_and_disclosures_give_no_tags() -> None:
    story = _story(
        "Start your day with the Morning Ledger from Quayside Digest. Sign up for the free daily newsletter.",
        "Tomas Verhoef won the primary in Kellhaven. Verhoef said he was grateful, and Verhoef thanked Kellhaven.",
        "Disclosure: Quayside Digest may earn a commission from links on this page.",
        "Follow Harbourbeat on Instagram, Facebook and Twitter.",
        "Volunteers said they sign up for shifts at the Kellhaven Food Bank every winter.",
        headline="Verhoef wins primary",
    )
    names = _tagged(story)
    assert {"Tomas Verhoef", "Kellhaven Food Bank"} <= names
    assert not names & {
        "Morning Ledger",
        "Quayside Digest",
        "Harbourbeat",
        "Instagram",
        "Facebook",
        "Twitter",
    }


def test_the_outlet_s_name_and_a_kicker_in_the_headline_are_not_read() -> None:
    def headline(text: str, outlet: str) -> str:
        return own_headline(Story(source="s.txt", headline=text, outlet=outlet))

    site = "Lettings Weekly | The estate news site"
    assert headline(f"{site}: BREAKING NEWS: Corvane Buys Harlow Tower", site) == "Corvane Buys Harlow Tower"
    assert (
        headline("Best gadgets of the year | Pellworth Review", "Pellworth Review")
        == "Best gadgets of the year"
    )
    assert (
        headline("Ostia reportedly buys a port – Quayside Digest", "Quayside Digest")
        == "Ostia reportedly buys a port"
    )
    assert headline("Verhoef: I will win Kellhaven", "Quayside Digest") == "Verhoef: I will win Kellhaven"
    story = _story(
        "Corvane paid the fee to secure Harlow Tower. Corvane will sign the papers today.",
        headline=f"{site}: BREAKING NEWS: Corvane Buys Harlow Tower",
        outlet=site,
    )
    assert "Lettings Weekly" not in _tagged(story)


def test_an_interjection_is_not_part_of_a_name() -> None:
    story = _story(
        '"Hey Quaybook, the whole point of the campaign is to be noticed," the governor wrote.',
        "Quaybook users mocked the slogan, and Quaybook made it a trend. Quaybook later removed it.",
    )
    names = _tagged(story)
    assert "Quaybook" in names
    assert "Hey Quaybook" not in names


def test_a_surname_with_its_particles_points_to_the_full_name() -> None:
    story = _story(
        "Pieter Van Der Linde has been voted off the dance show.",
        "Van Der Linde said the week had been hard. The judges praised Van Der Linde.",
    )
    names = _tagged(story)
    assert "Pieter Van Der Linde" in names
    assert "Van Der Linde" not in names


def test_a_title_in_single_quotes_in_the_headline_is_a_name() -> None:
    story = _story(
        "Pieter Linde has been voted off \u201cDancing on the Quay.\u201d",
        "Linde said the week had been hard.",
        headline="Pieter Linde voted off 'Dancing on the Quay' after a hard week",
    )
    names = _tagged(story)
    assert "Dancing on the Quay" in names
    assert "Quay" not in names


def test_an_acronym_given_after_lower_case_words_is_a_term() -> None:
    story = _story(
        "Doctors diagnosed bird fancier lung, or BFL, in the patient. BFL is rare.",
        "Dr Ines Kalder said BFL can follow new bedding.",
    )
    assert "BFL" not in _tagged(story)


def test_a_word_the_archive_writes_in_lower_case_is_a_name_when_the_story_keeps_using_it() -> None:
    recipes = [_story(f"Slice a pear thinly and add it to the jam, recipe {n}.") for n in range(2)]
    laptop = _story(
        "Following its big laptop, Pear plans a smaller one next year, suppliers say.",
        "An analyst said Pear will move every laptop to the new keyboard. Pear declined to comment.",
        "Pear continues to offer free repairs.",
    )
    once = _story("The shop said Pear had called. Staff unpacked the boxes.", "Pear was not mentioned again.")
    add_entities([*recipes, laptop, once], PROJECT_GAZ)
    assert "Pear" in laptop.tags
    assert "Pear" not in once.tags


def test_a_country_s_acronym_only_opening_a_title_or_a_name_is_no_tag() -> None:
    title_only = _story(
        "U.S. Attorney Ada Rusk said the man would serve life. He grew up in the U.S. Virgin Islands.",
        "Ada Rusk thanked the jury.",
    )
    assert "United States" not in _tagged(title_only)
    country = _story("U.S. Attorney Ada Rusk said the U.S. would appeal.", "Ada Rusk thanked the jury.")
    assert "United States" in _tagged(country)


def test_a_capital_named_only_as_a_stop_or_a_venue_is_no_country() -> None:
    route = _story(
        "Ada Rusk said she flew to Ostia via Moscow and Lisbon in May.",
        "Ada Rusk was sent back a week later and now works in Punjab.",
    )
    assert "Russia" not in _tagged(route)
    venue = _story(
        "Kell Ardo won silver at the 2015 championships in Beijing.", "Kell Ardo said she would go on."
    )
    assert "China" not in _tagged(venue)
    # The capital standing for its government, or the country named too, still counts.
    government = _story("Moscow said the talks would go on.", "Ada Rusk said she flew via Moscow.")
    assert "Russia" in _tagged(government)
    named = _story("Ada Rusk flew via Moscow to Russia's far east.", "Ada Rusk said it took a week.")
    assert "Russia" in _tagged(named)


def test_an_ampersand_between_capitals_keeps_a_name_whole() -> None:
    review = _story(
        "Listening to the Harrow & Vane soundtrack, the book came alive, Ada Rusk said.",
        "The Harrow & Vane book is out in March.",
        headline="Harrow & Vane book review",
    )
    names = _tagged(review)
    assert "Harrow & Vane" in names and "Vane" not in names
    school = _story("Kell Ardo teaches at Ostia University Corvane & Pell School of Law, she said.")
    assert "Ostia University Corvane & Pell School of Law" in _names(school)
    # Two bodies' acronyms joined by "&" stay two.
    belts = _story("The WBA & IBF titles were at stake, the promoter Ada Rusk said.")
    assert "WBA & IBF" not in _names(belts)


def test_a_service_name_keeps_its_plus() -> None:
    launch = _story(
        "Demand swamped Corvane+ when the studio launched it last week, Ada Rusk said.",
        "Ada Rusk said Corvane+ had kept most of its subscribers.",
        headline="Studio says Corvane+ glitches are fixed",
    )
    names = _tagged(launch)
    assert "Corvane+" in names and "Corvane" not in names
    # An acronym with a plus is a term, not a service's name.
    community = _story("The LGBTQ+ centre opened, Ada Rusk said. The LGBTQ+ groups welcomed it.")
    assert not any(n.startswith("LGBTQ") for n in _tagged(community))


def test_a_ticker_spelling_the_first_words_of_a_longer_name_is_not_its_acronym() -> None:
    market = _story(
        "The Harrow Vane Coastal Average fell, traders said.",
        "By noon the Harrow Vane Coastal Average .HVC had lost 12 points, Ada Rusk said.",
    )
    assert "Harrow Vane Coastal" not in _tagged(market)
    # A name's acronym after the whole name still merges with it.
    weather = _story(
        "The Harbour Fleet Service warned of gales. Ada Rusk said HFS had ships ready.",
        "HFS said the gales would pass.",
    )
    tags = _tagged(weather)
    assert "Harbour Fleet Service" in tags and "HFS" not in tags


def test_a_name_always_written_with_the_same_number_keeps_it() -> None:
    games = _story(
        "The service includes one game, Corvane 2, Ada Rusk said.",
        "Players of Corvane 2 can keep their saves.",
    )
    tags = _tagged(games)
    assert "Corvane 2" in tags and "Corvane" not in tags
    jets = _story(
        "Orders for the 919 Falcon resumed, Ada Rusk said.",
        "The 919 Falcon fleet was grounded in March. Harrow Air flies the 919 Falcon.",
    )
    assert "919 Falcon" in _tagged(jets)
    index = _story(
        "The H&K 100 index rose, Ada Rusk said.",
        "By noon the H&K 100 had gained 12 points.",
    )
    assert "H&K 100" in _tagged(index)
    # A name also written without the number, or a year before a name, stays as it is.
    mixed = _story("Corvane 2 sold well, Ada Rusk said.", "Corvane plans a third game. Corvane 2 is on sale.")
    assert "Corvane 2" not in _tagged(mixed)
    edition = _story(
        "The 2026 Harbour Fair opened, Ada Rusk said. The Harbour Fair runs a week.",
        "Visitors to the 2026 Harbour Fair can take the ferry.",
    )
    assert "2026 Harbour Fair" not in _tagged(edition)


def test_a_graphic_s_or_chart_s_note_gives_no_name() -> None:
    notes = _story(
        "Fares rose again, the operator Harrow Air said.",
        "(Graphic: Fares since 2020 - here)",
        "Seats sold out on most routes.",
        "(Graphic: Seats sold - here)",
        "Harrow Air plans more flights.",
        "(Graphic: Routes in 2026 - here)",
        "(Chart: Fuel costs - here)",
    )
    names = _names(notes)
    assert "Graphic" not in names and "Chart" not in names


def test_an_acronym_written_in_the_plural_is_a_common_noun() -> None:
    car = _story(
        "The new Corvane SUV goes on sale in May, Ada Rusk said. The SUV seats seven.",
        "Ada Rusk said the SUV would be built in Ostia.",
    )
    others = [_story(f"Sales of SUVs rose again in week {n}, Kell Ardo said.") for n in range(2)]
    add_entities([car, *others], PROJECT_GAZ)
    assert "SUV" not in car.tags
    # The story's own plural says it as well.
    lamps = _story(
        "The ORB lamp uses ORBs of glass, Ada Rusk said.", "The ORB lamp ships in May, ORB fans say."
    )
    assert "ORB" not in _tagged(lamps)
    # A body's acronym, never in the plural, stays.
    body = _story("The HFA said fares would rise, Ada Rusk said.", "The HFA will publish its accounts.")
    assert "HFA" in _tagged(body)


def test_a_model_number_inside_a_name_keeps_it_whole() -> None:
    car = _story(
        "A Harrow & Vane Premium 3D Sound System will be offered, Ada Rusk said.",
        "The Harrow 919 Falcon Service flies twice a week, Kell Ardo said.",
    )
    names = _names(car)
    assert "Harrow & Vane Premium 3D Sound System" in names
    assert "Harrow 919 Falcon Service" in names
    assert not any(n in names for n in ("D Sound System", "Sound System", "Falcon Service"))
    # A date's day is not a model number: "on March 4 Supreme Court judges ...".
    court = _story("On March 4 Supreme Court judges met, Ada Rusk said.")
    assert not any(n.startswith("4") for n in _names(court))


def test_a_body_s_prize_is_a_name_and_its_category_is_not_part_of_it() -> None:
    award = _story("Ada Rusk won the Harbour Film Academy Award for Best Director in 2008, her agent said.")
    names = _names(award)
    assert "Harbour Film Academy Award" in names
    assert "Harbour Film Academy" not in names and not any("for Best" in n for n in names)


def test_a_name_written_in_lower_case_only_in_a_web_address_is_still_a_name() -> None:
    firm = _story(
        "Hospitals in Ostia will use phones made by Corvane, the firm said on Monday.",
        "The deal makes Corvane the largest supplier in the region, and staff praised Corvane for it.",
        "For more information, visit www.corvane.com or write to press@corvane.com.",
    )
    assert "Corvane" in _names(firm)
    # A word the story writes in lower case outside the address is still an ordinary word.
    fish = _story(
        "Fishermen landed more harbour cod this year, the Kellhaven port office said.",
        "Harbour fees fell, and Harbour boats stayed out longer. See www.harbour.com for the figures.",
    )
    assert "Harbour" not in _names(fish)


def test_an_acronym_only_ever_written_after_a_count_is_a_unit_or_a_statistic() -> None:
    game = _story(
        "Ada Rusk made 2 TFL and 1 QH in the first half, the Kellhaven Gulls said.",
        "Kell Ardo added 3 TFL and 2 QH before the HFA stopped play; 2 HFA officials ran on.",
    )
    names = _names(game)
    assert "TFL" not in names and "QH" not in names
    assert "HFA" in names  # also written without a count: a body
    # A year before an acronym is no count.
    visits = _story(
        "Since 2019 KFA inspectors have visited Ostia, Ada Rusk said.",
        "In 2021 KFA inspectors came back to Brill.",
    )
    assert "KFA" in _names(visits)


def test_a_known_place_glued_before_a_person_is_not_part_of_the_name() -> None:
    story = _story(
        "The former envoy to Veldoria Anton Brezil changed his account on Tuesday.",
        "Brezil said the meeting ended early. Later Brezil told reporters he regretted nothing.",
    )
    names = extract_entities(story, GAZ)
    assert "Anton Brezil" in names["people"]
    assert "Brezil" not in names["organisations"]


def test_one_person_spelled_two_ways_is_tagged_once() -> None:
    story = _story(
        "President Volodar Kelensky met the envoy on Monday, and Kelensky said talks would go on.",
        "In a statement, Volodar Kelenskiy said the envoy had asked for nothing.",
        "Kelensky later said the statement was accurate.",
    )
    people = set(extract_entities(story, GAZ)["people"])
    assert people & {"Volodar Kelensky", "Volodar Kelenskiy"} == {"Volodar Kelensky"}
    # Two people who share a first name and nothing else stay two.
    pair = _story(
        "Coach Ada Verhoef said on Sunday that Ada Verhagen would start, and Ada Verhagen said she was ready."
    )
    assert {"Ada Verhoef", "Ada Verhagen"} <= set(extract_entities(pair, GAZ)["people"])


def test_a_title_glued_after_a_body_s_name_belongs_to_the_person() -> None:
    story = _story(
        "The Senate observed a silence for former House of Assembly Speaker, Tomas Verhoef, on Tuesday.",
        "The Kellhaven Harbour Authority Chairman, Ada Rusk, said the port would close for the day.",
    )
    names = _names(story)
    assert "House of Assembly" in names and "House of Assembly Speaker" not in names
    assert "Kellhaven Harbour Authority" in names and "Kellhaven Harbour Authority Chairman" not in names
    office = _story("A letter from the Office of the Prime Minister was read out, Ada Rusk said.")
    assert "Office of the Prime" not in _names(office)


def test_a_company_word_opening_its_divisions_and_used_alone_is_a_name() -> None:
    story = _story(
        "After showing the Tarn two months ago, Corvane has now shown its new hatchback in Ostia.",
        '"Corvane has a strong range," said Ada Rusk, vice president, Corvane Sales & Operations at'
        " Corvane Asia Pacific Inc.",
        "The screen doubles as a display for Corvane Connect. Buyers can order it now, and Corvane said"
        " dealers expect a queue.",
        "The engine is new, which Corvane claims is 20% more frugal, and Corvane will build it in Brill.",
    )
    assert "Corvane" in _names(story)
    # A first name that opens one person's name stays a pointer to that person.
    person = _story(
        "Ada Rusk won the race in Ostia. Later, Ada said the wind helped, and Ada thanked her crew.",
        "Ada added that the boat was new. Ada will race again in Brill.",
    )
    assert "Ada" not in _names(person)


def test_an_event_is_named_whole_by_its_last_word() -> None:
    story = _story(
        "Crowds filled the quay for the 7th Harbour Light Festival on Friday, Ada Rusk said.",
        "The new hatchback was shown at the Kellhaven Boat Show, and the Brill Sailing Championships start soon.",
        "Tickets for the Harbour Light Festival sold out, and the Kellhaven Boat Show opens again in May.",
    )
    names = _names(story)
    assert {"Harbour Light Festival", "Kellhaven Boat Show"} <= names
    assert not names & {"Harbour Light", "Kellhaven Boat"}


def test_a_player_named_after_his_position_s_letters_is_a_person() -> None:
    story = _story(
        "Kellhaven DL Tomas Verhoef, one of the leaders of the defence, will miss the rest of the season.",
        "Verhoef wants a new contract. While Verhoef recovers, the coaches will rotate three players.",
    )
    names = extract_entities(story, GAZ)
    assert "Tomas Verhoef" in names["people"]
    assert "Verhoef" not in names["organisations"]
    # A body's acronym before its own division is not a position: "BBC Radio Brill".
    radio = _story(
        "Ada Rusk told HBC Radio Brill the port would close.", "Brill listeners called in. Brill agreed."
    )
    assert "Radio Brill" not in extract_entities(radio, GAZ)["people"]


def test_words_marked_as_a_trade_mark_are_a_brand() -> None:
    story = _story(
        "Stir in a 16-ounce jar of Kellhaven Gold® Clover Honey and the juice of a lemon.",
        "Boil for a minute, then add a jar of Kellhaven Gold® Honey, or about a cup and a half.",
    )
    assert "Kellhaven Gold" in _names(story)
    once = _story("Serve with Corvane Drive™ cream.", "Stir well and chill.")
    assert "Corvane Drive" not in _names(once)


def test_a_body_with_two_fields_joined_by_and_is_one_name() -> None:
    # "House Energy and Commerce Committee": "Energy" can end a firm's name,
    # but after a body's word it is the committee's field; cut at "and", the
    # committee became two wrong tags ("House Energy", "Commerce Committee").
    story = _story(
        "The founder spent four hours before the House Energy and Commerce Committee on Tuesday.",
        "Members of the House Energy and Commerce Committee asked about data held abroad.",
        "Officials of the Treasury Department and Commerce Department were not called.",
    )
    orgs = extract_entities(story, GAZ)["organisations"]
    assert "House Energy and Commerce Committee" in orgs
    assert "House Energy" not in orgs and "Commerce Committee" not in orgs
    assert {"Treasury Department", "Commerce Department"} <= set(orgs)


def test_a_transcripts_speaker_labels_are_no_acronyms() -> None:
    # Broadcast transcripts open each turn with the speaker's surname in
    # capitals ("NELSON: ..."): shouted, not a body's acronym.
    story = _story(
        "ADA RUSK, HOST: Small studios are changing how games are made.",
        "RUSK: Tomas Verhoef started his studio with a loan from his father.",
        "TOMAS VERHOEF: We shipped five games in three years.",
        "VERHOEF: Nobody told us it could not be done.",
        "RUSK: The studio now employs twelve people, and the IGDA counts it among its members.",
        "VERHOEF: The IGDA helped us find our first publisher.",
    )
    orgs = extract_entities(story, GAZ)["organisations"]
    assert "RUSK" not in orgs and "VERHOEF" not in orgs
    assert "IGDA" in orgs


def test_a_headline_gives_the_full_name_of_a_person_the_body_calls_by_surname() -> None:
    # Celebrity copy names its subject in full in the headline only and calls
    # her by her surname throughout: she was a one-word body "Verhoef".
    story = _story(
        "Fans say they are tired of the influencer after a video went viral.",
        "Verhoef, who grew up on a farm, has spoken about her accent before.",
        "In a new clip, Verhoef laughed off the claims and thanked her followers.",
        headline="People Are Saying They Are Done With Mira Verhoef After The Influencer Was Accused Of Faking",
    )
    ents = extract_entities(story, GAZ)
    assert "Mira Verhoef" in ents["people"]
    assert "Verhoef" not in ents["organisations"]


def test_a_headline_name_whose_first_word_the_body_uses_alone_is_no_person() -> None:
    story = _story(
        "Kestrel said deliveries of the Harrier would begin in June.",
        "The Harrier is the first truck Kestrel has built, and the Harrier sold out in a day.",
        headline="Kestrel Harrier Deliveries Begin In June",
    )
    assert "Kestrel Harrier" not in extract_entities(story, GAZ)["people"]


def test_a_place_that_is_only_a_named_persons_surname_is_no_place() -> None:
    gaz = Gazetteer.from_mapping({"places": {"Jordan": [], "Veldoria": []}})
    story = _story(
        "The committee, whose ranking member is Rep. Ada Jordan (R-Ohio), quoted Jordan herself.",
        "Jordan had said the inquiry would look at the money, not the man.",
    )
    ents = extract_entities(story, gaz)
    assert "Ada Jordan" in ents["people"] and "Jordan" not in ents["places"]
    # Named as a place too, it stays one.
    story = _story(
        "Rep. Ada Jordan (R-Ohio) flew to Jordan on Monday.",
        "Jordan said the talks in Veldoria would go on.",
    )
    assert "Jordan" in extract_entities(story, gaz)["places"]


def test_a_caption_with_a_credit_after_a_bar_gives_no_names() -> None:
    story = _story(
        "The singer said the film helped her talk about her health.",
        "Mira Castell attends the Harbour Film Night premiere at Lantern Hall on March 2, 2023 in "
        "Port Aster, Veldoria. | Lena Berg/Lensbank/FilmWire",
        "In an interview with Harbour Monthly, Castell said she was proud of it.",
    )
    every = {n for names in extract_entities(story, GAZ).values() for n in names}
    assert not every & {"Lantern Hall", "Veldoria", "Lena Berg", "Harbour Film Night"}


def test_a_plural_always_capitalised_after_the_is_a_team_despite_the_archive() -> None:
    # The archive writes "mariners" in lower case; a story that always says
    # "the Mariners" means the team.
    team = _story(
        "This changes the race for the pitcher, as the Mariners' best chance was a record offer.",
        "That is not to say the Mariners cannot raise their offer, officials said.",
    )
    others = [
        _story("Two mariners were rescued off the coast on Sunday.", "The mariners were cold but unhurt."),
        _story("Old mariners tell of the storm of 1953.", "Many mariners never came home."),
    ]
    add_entities([team, *others], GAZ)
    assert "Mariners" in team.tags


def test_a_first_name_used_alone_is_no_brand_of_its_own_person() -> None:
    # "Hailey Bieber", read both as a person and as a body, made "Hailey" look
    # like a company opening two names ("Nissan North America", "Nissan
    # Connect"), so the first name alone became a tag of its own.
    story = _story(
        "Fans Are Behind The Supposed Feud Between Mira Castell And Ada Rusk, the singer's friends say.",
        "Mira posted a video last April asking people to stop. Mira said the rumours hurt her family.",
        "Then, in September, Mira said again that she had no quarrel with anyone.",
        "Mira Castell has since asked fans to be kind. Mira thanked them on Friday.",
        headline="Fans Are Behind The Supposed Feud Between Mira Castell And Ada Rusk",
    )
    add_entities([story], GAZ)
    assert "Mira Castell" in story.tags
    assert "Mira" not in story.tags


# --- short forms of a name the story gives whole (tags9; real lines of newsdata/ scrapes) ---


def test_a_first_name_alone_is_the_person_the_headline_names_in_full() -> None:
    # nd-198: the body says "Selena" and never "Gomez"; the one word read as a body.
    story = _story(
        "Then, in September, Hailey clarified again that she had no beef with Selena. “I respect her, "
        "there’s no drama personally,” she said.",
        "Shortly afterward, Selena called the harassment of people online “just vile and disgusting.”",
        "For example, Selena posted a photo of herself beaming at the camera, on what appears to be "
        "kindergarten picture day.",
        "Dedicated to either Selena, Jelena, or Hailey, fan accounts claim posts by Selena and Hailey "
        "are constantly shading each other.",
        headline="Obsessive Fans Are The Ones Behind The Supposed Feud Between Selena Gomez And Hailey Bieber",
    )
    add_entities([story], PROJECT_GAZ)
    assert "Selena Gomez" in story.tags
    assert "Selena" not in story.tags


def test_a_headline_pair_of_a_brand_and_a_verb_is_no_person() -> None:
    # A title-case headline glues a verb to a body's name: no pronoun of a person follows it.
    story = _story(
        "Google has been courting developers for months. Google said the service would launch in November.",
        "Stadia will run on phones and on the Chromecast Ultra, Google said.",
        headline="Google Bets Big On Stadia",
    )
    add_entities([story], PROJECT_GAZ)
    assert "Google Bets" not in story.tags
    assert "Google" in story.tags


def test_a_persons_initials_are_that_person_not_a_body() -> None:
    # nd-214: "PG" is Paul George, already tagged.
    story = _story(
        "The Clippers beat the Thunder 101-100 on Thursday without Paul George, who left the game in the "
        "third quarter with a knee injury.",
        "“PG went down, it’s a sad moment but PG will be back out there with us, but we got to handle "
        "business on the floor and keep tallying wins for PG,” Hyland said.",
        "George was helped off the floor. Paul George is averaging 23.8 points this season.",
        headline="Clippers take control second half to beat Thunder without Paul George",
    )
    add_entities([story], PROJECT_GAZ)
    assert "Paul George" in story.tags
    assert "PG" not in story.tags


def test_a_ticker_in_brackets_is_the_name_it_abbreviates() -> None:
    # nd-162: the coin's code is written from the letters of one word, not from initials.
    story = _story(
        "For example, Bitcoin (BTC) has a fixed maximum supply of 21 million coins, which is hardcoded "
        "into its blockchain protocol. This means that no more than 21 million BTC can ever be created.",
        headline="What is fiscal policy, and why does it matter?",
    )
    add_entities([story], PROJECT_GAZ)
    assert "BTC" not in story.tags
    assert "Bitcoin" in story.tags


def test_the_people_of_a_place_are_no_tag_beside_the_place() -> None:
    # nd-158: "Minnesotans" beside Minnesota.
    story = _story(
        "Minnesota Gov. Tim Walz signed the bill on Friday in St. Paul, Minnesota.",
        '"Instead of listening to Minnesotans and proposing a responsible budget with meaningful tax '
        'relief, Democrats are going to spend it all," Republican Minority Leader Lisa Demuth said.',
        "Walz said Minnesotans would see the rebates this summer.",
        headline="Walz signs Minnesota tax bill",
    )
    add_entities([story], PROJECT_GAZ)
    assert "Minnesota" in story.tags
    assert "Minnesotans" not in story.tags


def test_a_name_always_written_after_the_same_capitalised_word_is_the_whole_run() -> None:
    # nd-118: "Financial" at a paragraph's start read as an ordinary word, so "Conduct Authority"
    # was tagged. (A demonym before a person stays a nationality: "Gottlob Neefe" is left cut.)
    story = _story(
        "Financial Conduct Authority, the UK's financial market supervisor, has announced the "
        "appointment of joint Executive Directors of Enforcement and Market Oversight.",
        "Read more about FCA announcing its joint executive directors for enforcement and market oversight.",
        "Later, Christian Gottlob Neefe, a conductor, and composer taught Beethoven. In 1783, he wrote his "
        "first piece, a set of piano variations, with Neefe’s help.",
        headline="FCA, Intertrader, TrioMarkets and More: Executive Moves of the Week",
    )
    names = _names(story)
    assert "Financial Conduct Authority" in names
    assert "Conduct Authority" not in names


def test_a_title_or_a_known_name_in_front_stays_out_of_the_name() -> None:
    story = _story(
        "Undersheriff Larry Waldie said deputies were called to the home on Monday.",
        "Remember New Jersey’s epic quest to find a state slogan? Undersheriff Larry Waldie does.",
    )
    names = _names(story)
    assert "Larry Waldie" in names
    assert not names & {"Undersheriff Larry Waldie", "Remember New Jersey"}


def test_a_shouted_run_joined_by_an_ampersand_is_no_firm() -> None:
    # nd-160: a quoted post's shouting.
    story = _story(
        "“Ron DeSanctimonious will probably find out about FALSE ACCUSATIONS & FAKE STORIES sometime in "
        "the future, as he gets older, wiser, and better known,” Trump wrote.",
        "Ron DeSantis said Donald Trump was wrong. DeSantis spoke to Piers Morgan.",
    )
    assert "FALSE ACCUSATIONS & FAKE STORIES" not in _names(story)


def test_a_title_case_headline_with_a_lower_case_if_is_no_sentence() -> None:
    # nd-192: "if" is a small word of title case, so "New Bill" is style, not a name.
    story = _story(
        "Skittles could be on the way out in one of the country's biggest states. A new bill introduced in "
        "the state of California is looking to ban a group of ingredients found in Skittles.",
        headline="Skittles May Be Banned in California if New Bill Passes",
    )
    assert "New Bill" not in _names(story)


def test_a_trending_list_glued_to_a_paragraph_gives_no_names() -> None:
    # nd-186: other stories' headlines after "Trending" at a paragraph's end.
    story = _story(
        "The couple are shown traveling to different cities, and hanging out backstage. Trending Jonathan "
        "Majors Arrested for Allegedly Strangling, Assaulting, Harassing Woman in New York Gwyneth Paltrow "
        "Skiing Testimony Drags Taylor Swift Into the Courtroom",
        "Rosalía and Rauw Alejandro are engaged in the music video for their track “Beso.”",
        headline="Rosalía and Rauw Alejandro get engaged in the video for Beso",
    )
    names = _names(story)
    assert not names & {
        "Allegedly Strangling",
        "New York",
        "Jonathan Majors",
        "Taylor Swift",
        "Gwyneth Paltrow",
    }
    assert "Rauw Alejandro" in names


def test_an_acronym_defined_after_lower_case_words_is_a_term() -> None:
    # nd-112: the letters do not spell the words' initials exactly, but the words are a term's.
    story = _story(
        "The DeFi sector decreased the total value of protocols (TVL) to around $49 billion.",
        "The DeFi sector lost nearly $0.5 billion from the total value in locked protocols (TVL), now at "
        "almost $49.82 billion. TVL fell again on Friday.",
    )
    assert "TVL" not in _names(story)


def test_an_acronym_defined_after_a_name_stays() -> None:
    story = _story(
        "The Harbour Trade Council (HTC) met on Monday. The HTC said prices would rise.",
        "HTC members voted on Friday.",
    )
    assert "Harbour Trade Council" in _names(story)


def test_a_shows_season_is_the_show() -> None:
    # nd-182: "Superman & Lois Season 3" was tagged "Superman & Lois Season".
    story = _story(
        "Superman & Lois Season 3 is setting viewers ablaze with the most emotional scenes of the entire "
        "series. It’s a drastic shift from the relatively lighthearted season premiere.",
        "“We just felt like it’s such an important thing to discuss,” Superman & Lois co-showrunner "
        "Brent Fletcher tells me.",
        headline="Superman & Lois: Elizabeth Tulloch reveals Lois Lane’s Biggest Challenge Ever",
    )
    add_entities([story], PROJECT_GAZ)
    assert not any("Season" in tag for tag in story.tags)
    assert "Superman & Lois" in story.tags


def test_an_awards_category_is_no_name() -> None:
    # nd-184: "Best Performance" of the Oscar's category.
    story = _story(
        "One of Hollywood’s most talented and revered actors is Christian Bale. He takes the audience on "
        "an incredible journey with his acting.",
        "To better bring out the role of Dicky Eklund, a former boxer who was a drug addict, Bale had to "
        "lose weight again. The movie itself won numerous awards, and Bale won the Oscar for Best "
        "Performance by an Actor in a Supporting Role.",
        headline="Christian Bale Is Not Shy to Change His Body for a Role",
    )
    add_entities([story], PROJECT_GAZ)
    assert not any(tag.startswith("Best") for tag in story.tags)


def test_a_question_subheading_gives_no_name() -> None:
    # nd-120: the title-case question "How Did Beethoven Die?" gave "Did Beethoven Die".
    story = _story(
        "Ludwig van Beethoven was a German composer and pianist who is seen as the most important person "
        "in the history of Western music.",
        "But who is Beethoven, and why has the cause of his death been argued about in history?",
        "Beethoven was born in the city of Bonn in December 1770. He was the son of Johann van Beethoven.",
        "How Did Beethoven Die?",
        "Beethoven died in Vienna in 1827.",
        headline="How Did Beethoven Die?",
    )
    add_entities([story], PROJECT_GAZ)
    assert not any(tag.startswith("Did") for tag in story.tags)


def test_a_name_only_inside_a_longer_quoted_title_is_no_tag() -> None:
    # nd-010: the tail of the quoted title was tagged "Sustainable Cooking".
    story = _story(
        "HustleGPT then wrote a blog post for GreenGadgetGuru.com. The content is titled "
        '"10 Must-Have Eco-Friendly Kitchen Gadgets for Sustainable Cooking!" and can be seen below.',
        "HustleGPT informed Fall that the post was ready, and Jackson Greathouse Fall published it.",
        headline="ChatGPT was given $100 to make as much money as possible",
    )
    add_entities([story], PROJECT_GAZ)
    assert "Sustainable Cooking" not in story.tags


def test_a_quoted_title_is_not_read_between_two_quotations() -> None:
    # nd-016: between a quotation's closing mark and the next one's opening mark is no title.
    story = _story(
        '"This bill is a beacon of hope for trans and gender-expansive children and their families," '
        'Rep. Leigh Finke, DFL-St. Paul, said. "The passage of this bill is a sign that they are loved."',
        'Finke, the bill\'s author, is the first transgender member of the Legislature. "We are here," Finke said.',
        headline="Minnesota House passes trans refuge bill",
    )
    add_entities([story], PROJECT_GAZ)
    assert "Leigh Finke" in story.tags


def test_a_run_cut_from_a_longer_one_is_no_tag() -> None:
    # nd-166: "No Color Policy"; nd-118: "Chief Operating Officer"; nd-188: "Hollywood Walk of Fame".
    policy = _story(
        "Binion’s “no color” policy is meant to discourage bikers from displaying club apparel there.",
        "The sign reads: “Experience Member Properties hereby adopt and enforce the following: No Color Policy.”",
        headline="Binion’s removes ‘No Color Policy’ sign. But what does it really mean?",
    )
    job = _story(
        "FXGlobe has appointed Todor Georgiev as its new Chief Operating Officer. Georgiev joins FXGlobe "
        "from the online trading provider, Tixee.",
        "Before he became the Chief Operating Officer at Tixee in July 2022, Georgiev served as the Head of "
        "Legal and Compliance at the Cyprus-based brokerage firm.",
        headline="FXGlobe Hires Tixee’s Todor Georgiev as Chief Operating Officer",
    )
    walk = _story(
        "When Martha Reeves was selected in 2021 for a star on the Hollywood Walk of Fame, her journey "
        "to one of the most famous sidewalks began.",
        "Roe has held Hollywood Walk of Fame fundraising campaigns before. The Hollywood Walk of Fame "
        "campaign comes as Reeves turns 81.",
        headline="Martha Reeves faces funding deadline for Hollywood Walk of Fame star",
    )
    add_entities([policy, job, walk], PROJECT_GAZ)
    assert "Color Policy" not in policy.tags
    assert "Operating Officer" not in job.tags and "Todor Georgiev" in job.tags
    assert "Hollywood Walk" not in walk.tags and "Martha Reeves" in walk.tags


def test_a_title_or_a_nationality_before_a_person_is_no_sign_of_a_cut_name() -> None:
    # ecbplus 13_13, 21_7: a title no list has, before a person, leaves the person whole.
    story = _story(
        "The building had been vacant for years and was boarded up, Palmer City Clerk Janette Bower told "
        'The Associated Press. "It is very, very sad," Bower said.',
        '"That is really old for Alaska standards," Bower said.',
        headline="Fire destroys Palmer landmark",
    )
    add_entities([story], PROJECT_GAZ)
    assert "Janette Bower" in story.tags


def test_a_statistic_given_with_its_value_is_no_body() -> None:
    # nd-128: "RBI (131)", "66 RBI", "an ADP of 2.13" are baseball's statistics.
    story = _story(
        "Aaron Judge set an American League record with 62 home runs and also led the AL in runs scored "
        "(133), RBI (131), walks (111), OBP (.425) and slugging (.686).",
        "The four-time All-Star has a 2023 Fantasy baseball ADP of 2.13 in CBS Sports Fantasy baseball leagues.",
        "The result: Edman posted new career-highs in home runs (13), RBI (57) and stolen bases (32).",
        "Edman had a 2022 Fantasy baseball ADP well outside the top 100 but the model predicted a breakout.",
        "Miranda slashed .268/.325/.426 with 15 home runs and 66 RBI in 125 games.",
        "Now he has a 2023 Fantasy baseball ADP of 191.31 in standard leagues.",
        headline="Fantasy baseball sleepers from a proven computer model",
    )
    add_entities([story], PROJECT_GAZ)
    assert "RBI" not in story.tags
    assert "ADP" not in story.tags


def test_a_name_only_inside_a_longer_name_of_the_story_is_no_tag() -> None:
    # nd-142: "Horror Story" was kept beside "American Horror Story" (spelled out from "AHS").
    story = _story(
        "American Horror Story has been full of horrifying characters tangled up in terrifying tales of "
        "haunted houses for 11 seasons.",
        "From a clown scarier than Pennywise to some Freak Show performers so loved they appeared in more "
        "than one season, some characters on AHS will never be forgotten.",
        "It’s impossible not to love every AHS character portrayed by Sarah Paulson, but the fan favorite "
        "since American Horror Story: Asylum has to be Lana Winters.",
        "Which iconic American Horror Story character comes out on top? Sarah Paulson plays most of them.",
        headline="Who Are Best American Horror Story Characters",
    )
    add_entities([story], PROJECT_GAZ)
    assert "American Horror Story" in story.tags
    assert "Horror Story" not in story.tags


def test_a_web_address_and_a_possessive_are_no_part_of_a_name() -> None:
    # nd-188: "MarthaReeves" of "MarthaReeves.net", "Reeves’ Hollywood" of "Reeves’ Hollywood reception".
    story = _story(
        "When Martha Reeves was selected in 2021 for a star, her journey began. Once a ceremony is "
        "scheduled, Roe said, he would then solicit another round of money to fund Reeves’ Hollywood "
        "reception.",
        "Donation information is available at the recently launched MarthaReeves.net.",
        "Reeves said she was grateful. Donations are also taken at MarthaReeves.net.",
        headline="Martha Reeves faces funding deadline for her star",
    )
    add_entities([story], PROJECT_GAZ)
    assert "Martha Reeves" in story.tags
    assert "MarthaReeves" not in story.tags
    assert "Reeves’ Hollywood" not in story.tags


def test_an_acronym_before_a_first_name_is_no_person() -> None:
    # nd-202: "IRL Keanu"; nd-142: "Murder House OTP Tate".
    story = _story(
        "Keanu Reeves has been a meme for a decade. Like all his roles, the meme version of Keanu and "
        "IRL Keanu fuel each other.",
        "She helps reconcile Murder House OTP Tate and Violet in the final season. Keanu Reeves said so.",
        headline="Why Keanu Reeves is the internet's boyfriend",
    )
    add_entities([story], PROJECT_GAZ)
    assert "Keanu Reeves" in story.tags
    assert "IRL Keanu" not in story.tags and "OTP Tate" not in story.tags


def test_a_first_name_used_alone_is_the_person_named_in_full() -> None:
    # nd-216: "Mickie" beside "Mickie James"; bbc sport-112: "Steven" beside "Steven Gerrard".
    story = _story(
        "Tonight, Bully Ray joins forces with Masha Slamovich against the team of Tommy Dreamer and reigning "
        "Knockouts Champion Mickie James.",
        "Bully Ray and Tommy Dreamer start off and Bully challenges Mickie to tag in. Mickie hits punches. "
        "Mickie takes her down with the Lou Thesz Press.",
        "Result: Bully Ray and Masha Slamovich def. Tommy Dreamer and Mickie James by pinfall.",
        headline="IMPACT Wrestling results",
    )
    add_entities([story], PROJECT_GAZ)
    assert "Mickie James" in story.tags
    assert "Mickie" not in story.tags
    story = _story(
        "Liverpool chief executive Rick Parry has had a busy summer, managing to hold on to Steven Gerrard.",
        'The response to Real Madrid was the same - Steven is not for sale." Parry said: "Steven knows my '
        "views. We have re-affirmed recently to Steven that we are trying to build a team around him.",
        '"Our position is we want Steven to stay," Parry said.',
        headline="Parry rules out Gerrard sale",
    )
    add_entities([story], PROJECT_GAZ)
    assert "Steven Gerrard" in story.tags
    assert "Steven" not in story.tags


def test_a_body_that_opens_a_product_s_name_is_no_first_name() -> None:
    # Guard of the rule above (zyte-aeb 680c2848e9, where the page's names are these): "Google Stadia"
    # is read as a person's name and "Google" opens no other name; only the list of first names tells
    # that "Google" is the company, not the first name of "Google Stadia".
    body = (
        "Come November 19, those who anted up $129 for the Google Stadia Founder's Edition will receive "
        "their kits. Google Stadia arrives with a litany of missing features. Primarily, Google tells us "
        "you should expect to buy, not rent cloud games. Google recommends wiring the Chromecast up."
    )
    out = {
        "people": {"Google Stadia", "Chromecast Ultra"},
        "organisations": {"Destiny 2"},
        "places": {"Google"},
    }
    short_forms.first_names_alone(out, body, PROJECT_GAZ)
    assert out["places"] == {"Google"}
    out = {"people": {"Mickie James"}, "organisations": set(), "places": {"Mickie"}}
    short_forms.first_names_alone(out, "Mickie James won. Mickie takes her down.", PROJECT_GAZ)
    assert out == {"people": {"Mickie James"}, "organisations": set(), "places": set()}


def test_a_first_name_that_also_opens_another_name_stays() -> None:
    # Guard of the rule above: "Ford" opens "Ford Smith" and "Ford Motor"; said alone it is the company.
    body = (
        "Ford Motor will cut 3,000 jobs, Ford Smith, its chief of staff, told workers on Monday. "
        "Ford said the cuts fall on salaried staff. Ford Smith said more would follow."
    )
    out = {"people": {"Ford Smith"}, "organisations": {"Ford"}, "places": set()}
    short_forms.first_names_alone(out, body, PROJECT_GAZ)
    assert out["organisations"] == {"Ford"}


def _variants_story() -> Story:
    """Lines of nd-042 (a study of a SARS-CoV-2 vaccine in rhesus macaques)."""
    return _story(
        "Researchers evaluate a tetravalent S1 subunit protein vaccine comprising the Wuhan-Hu-1 strain, and "
        "SARS-CoV-2 variants of concern (VOCs) Alpha, Beta, and Gamma S1 proteins, in a non-human primate "
        "(NHP) model of rhesus macaques (RMs) infected with SIV.",
        "Prior studies demonstrated the immunogenicity of S1-targeted vaccines against several β-CoVs, "
        "including SARS-CoV, SARS-CoV-2, and Middle East respiratory syndrome-CoV (MERS-CoV).",
        "The inhibition of binding between angiotensin-converting enzyme-2 (ACE2) and SARS-CoV-2 VOCs' "
        "trimeric S proteins, including those of Omicron sub-VOCs (BA.2 sub-VOC, BA.3 sub-VOC), was "
        "measured. The vaccine also elicited antibodies against the wild-type (WT), Beta, and Delta variants.",
        "The RMs were administered prime and booster vaccinations with recombinant SARS-CoV-2 Wuhan-Hu-1, "
        "Alpha, Beta, and Gamma spike proteins. Omicron escaped some of the antibodies.",
        headline="Tetravalent SARS-CoV-2 S1 subunit protein vaccine elicits antibodies against Omicron",
    )


def test_greek_letters_only_listed_together_are_no_tags() -> None:
    # nd-042: "Alpha", "Beta" of "variants of concern (VOCs) Alpha, Beta, and Gamma"; "Omicron" is said alone.
    names = _names(_variants_story())
    assert not names & {"Alpha", "Beta", "Gamma", "Delta"}
    assert "Omicron" in names


def test_a_name_ending_in_an_acronym_s_plural_is_a_term() -> None:
    # nd-042: "SARS-CoV-2 VOCs' trimeric S proteins" is read as a person.
    names = _names(_variants_story())
    assert not any(name.endswith("VOCs") for name in names)


def test_a_place_opening_an_abbreviated_term_is_no_place_of_the_story() -> None:
    # nd-042: "Middle East respiratory syndrome-CoV (MERS-CoV)".
    assert "Middle East" not in _names(_variants_story())
    story = _story(
        "Officials in the Middle East said the talks would resume. Middle East respiratory syndrome "
        "(MERS) was first reported in 2012.",
        headline="Talks to resume",
    )
    assert "Middle East" in _names(story)


def test_an_online_role_before_a_name_is_no_part_of_it() -> None:
    # nd-206: "TikToker Rachel Leigh said".
    story = _story(
        "“People will always want to follow these actors because at this point with their millions of "
        "followers this has become their job,” TikToker Rachel Leigh said.",
        "Rachel Leigh has posted about the boycott since. Leigh said she would go on posting.",
        headline="Influencers weigh in on the boycott",
    )
    names = _names(story)
    assert "Rachel Leigh" in names
    assert "TikToker Rachel Leigh" not in names


def test_a_number_word_capitalised_inside_a_sentence_opens_a_name() -> None:
    # bbc sport-356: "England's Six Nations opener" gave "Nations", a generic word, and no tag.
    story = _story(
        "Scrum-half Matt Dawson is an injury doubt for England's Six Nations opener against Wales next weekend.",
        "The centre, who is in line for a first Six Nations start against Wales, will have to wait 48 hours "
        "before knowing the state of his injury. Dawson said he was hopeful.",
        headline="Dawson an injury doubt for England",
    )
    assert "Six Nations" in _names(story)


def test_a_capitalised_number_word_names_a_contest_after_the() -> None:
    # bbc sport-332: "the Six Nations match" was read as a modifier ("the Ada Rusk affair") and dropped.
    story = _story(
        "Number eight Imanol Harinordoquy has been dropped from France's squad for the Six Nations match with "
        "Ireland in Dublin on 12 March.",
        "Harinordoquy was a second-half replacement in last Saturday's 24-18 defeat to Wales.",
        headline="Harinordoquy suffers France axe",
    )
    assert "Six Nations" in _names(story)


def test_a_number_word_after_and_the_ends_a_title() -> None:
    # nd-148: "Snow White and the Seven Dwarfs" is one panto's title, not a name "Seven Dwarfs".
    story = _story(
        "They will be performing the classic Snow White and the Seven Dwarfs from Friday 1st December 2023.",
        headline="Pantomime season",
    )
    assert "Seven Dwarfs" not in _names(story)


def test_ordinary_words_capitalised_before_an_event_word_name_the_event() -> None:
    # bbc sport-332, sport-032, sport-510: "a Grand Slam" lost "Grand" (an ordinary word) and then
    # its name; "Grand Prix" and "Open" were not known as the last words of a contest's name.
    story = _story(
        "Olympic 10,000m champion Kenenisa Bekele is determined to add the world indoor two mile record at "
        "February's Norwich Union Grand Prix in Birmingham.",
        "“It will be a very exciting game because Ireland have three wins under their belt, have just "
        "defeated England and have their eyes set on a Grand Slam.” Ireland are unbeaten in this year's "
        "tournament and have their sights set on a first Grand Slam since 1948.",
        "Sania Mirza completed a superb week at the Hyderabad Open by becoming the first Indian woman to win "
        "a WTA singles title.",
        headline="Bekele sets sights on world mark",
    )
    names = _names(story)
    assert {"Norwich Union Grand Prix", "Grand Slam", "Hyderabad Open"} <= names
    assert "Norwich Union" not in names


def test_an_event_word_before_its_object_is_a_verb() -> None:
    # zyte 51d066b060: '"Fort Worth P.D. Open the door!"' gave "Fort Worth P.D. Open"; nd-064's
    # "the Games Developer Conference this week" keeps its last word.
    story = _story(
        "“Fort Worth P.D. Open the door! We’re coming in!” an officer shouts.",
        "During a talk at the Games Developer Conference this week, Swanson compared the tool to a chatbot.",
        headline="Body camera footage released",
    )
    names = _names(story)
    assert "Fort Worth P.D. Open" not in names
    assert "Games Developer Conference" in names


def test_a_title_before_a_league_is_no_portfolio() -> None:
    # cnndm 66fe5722d2: "the Premier League" was read like "Health Ministry", a title and a
    # body's word that name no one; before a league's or a contest's word the title is an adjective.
    story = _story(
        "Jermain Defoe says his stunning Wear-Tyne derby winner is justification for his decision to quit "
        "MLS and return to the Premier League. The former FC Toronto striker had scored just twice for "
        "struggling Sunderland since arriving in January.",
        "The Foreign Ministry said nothing.",
        headline="Defoe: derby winner justifies my return",
    )
    names = _names(story)
    assert "Premier League" in names
    assert "Foreign Ministry" not in names


def test_sport_roles_before_a_name_mark_a_person() -> None:
    # bbc sport-330, sport-508, sport-004: people met once, after the part they play.
    story = _story(
        "England coach Andy Robinson lambasted referee Jonathan Kaplan for costing them the game.",
        "Unseeded Nicolas Almagro reached the last eight at the Buenos Aires Open, ousting eighth seed "
        "Mariano Zabaleta.",
        "The panel, including IAAF chief Lamine Diack and Namibian athlete Frankie Fredericks, will meet.",
        headline="Robinson fury at referee",
    )
    assert {"Jonathan Kaplan", "Mariano Zabaleta", "Frankie Fredericks"} <= _names(story)


def test_a_place_and_a_plural_after_it_are_one_name() -> None:
    # nd-128: "the New York Yankees" gave "New York", a place the story is not about, and no team.
    story = _story(
        "Aaron Judge has returned to the New York Yankees on a new nine-year, $360 million contract.",
        "Edman should bat leadoff for the Minnesota Twins, whose offence ranked near the bottom.",
        headline="Fantasy baseball: the winter's moves",
    )
    names = _names(story)
    assert {"New York Yankees", "Minnesota Twins"} <= names
    assert "New York" not in names and "Minnesota" not in names


def test_a_country_s_acronym_before_a_brand_is_no_team() -> None:
    # nd-226: "US Starbucks worker" is the country's branch of a firm, not a team named "US Starbucks".
    story = _story(
        "A reinvention plan announced last fall is updating equipment and layouts to make stores more "
        "efficient, he said. The average US Starbucks worker now makes $17.50 per hour.",
        headline="Starbucks CEO Laxman Narasimhan to work in stores, addresses union drive",
    )
    assert "US Starbucks" not in _names(story)


def test_a_first_name_that_is_a_place_opens_a_person_not_a_team() -> None:
    # ecbplus 19_3ecb: "protester Paris Kyriakides" is a man, though Paris is a place and a plural may follow one.
    from news_digest.enrich.entities.tags import _place_and_plural
    from news_digest.enrich.entities.tokens import tokenise

    tokens = tokenise("said 32-year-old protester Paris Kyriakides.")
    start = tokens.index("Paris")
    assert _place_and_plural(tokens, start, start + 2, [False] * len(tokens), PROJECT_GAZ) is None
    tokens = tokenise("a move to the Texas Rangers.")
    start = tokens.index("Texas")
    assert _place_and_plural(tokens, start, start + 2, [False] * len(tokens), PROJECT_GAZ) == "Texas Rangers"
