#!/usr/bin/env python3
"""Writes a large, valid Carnet plan: N commitments x M milestones over 20 ministries.

Usage: generate_plan.py OUT_DIR [COMMITMENTS=1000] [MILESTONES=10]
The files follow docs/RECORDS.md in canonical form, with French and English texts.
"""
import os
import random
import sys

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
m = int(sys.argv[3]) if len(sys.argv) > 3 else 10
rng = random.Random(42)
levels = ["not-started", "limited", "substantial", "complete"]


def write(path, text):
    full = os.path.join(out, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w", encoding="utf-8") as f:
        f.write(text)


write("plan.yaml", """country:
  fr: "République de Grandplan"
  en: "Republic of Grandplan"
title:
  fr: "Plan d'action national 2025-2027"
  en: "National Action Plan 2025-2027"
start: 2025-09-01
end: 2027-06-30
year_group: odd
languages:
  - fr
  - en
submitted: 2025-08-29
point_of_contact:
  name: "Point de contact"
  email: "poc@gouv.example"
""")
ministries = [f"min-{i:02d}" for i in range(20)]
for mid in ministries:
    write(f"ministries/{mid}.yaml", f"""id: {mid}
name:
  fr: "Ministère {mid}"
  en: "Ministry {mid}"
kind: ministry
contacts:
  - name: "Contact {mid}"
    email: "contact@{mid}.example"
""")
for c in range(1, n + 1):
    cid = f"c{c:04d}"
    lead = ministries[c % len(ministries)]
    ms = []
    ps = []
    for k in range(1, m + 1):
        month = 9 + k
        year = 2025 + (month - 1) // 12
        month = (month - 1) % 12 + 1
        ms.append(f"""  - id: m{k}
    activity:
      fr: "Activité {k} de l'engagement {c} : publier le livrable vérifiable numéro {k}"
      en: "Activity {k} of commitment {c}: publish verifiable deliverable number {k}"
    deliverable: "Livrable {k}"
    start: 2025-09
    end: {year:04d}-{month:02d}
""")
        level = rng.choice(levels)
        ps.append(f"""  - id: m{k}
    completion: {level}
""" + ("    delay_reason: \"Retard de financement\"\n" if level != "complete" else ""))
    write(f"commitments/{cid}/commitment.yaml", f"""id: {cid}
number: {c}
title:
  fr: "Engagement {c} : données ouvertes et redevabilité"
  en: "Commitment {c}: open data and accountability"
start: 2025-09-01
end: 2027-06-30
lead_agency: {lead}
description:
  problem:
    fr: "Les citoyens n'ont pas accès aux informations sur le sujet {c}."
    en: "Citizens have no access to information on subject {c}."
  commitment: "Publier les données du sujet {c} et rendre compte de leur usage."
  solution: "Un portail et des réunions publiques."
  relevance: "Transparence et participation civique."
  values:
    - transparency
    - civic-participation
additional_information:
  budget: "100 000 NT"
milestones:
""" + "".join(ms) + f"""contact:
  name: "Responsable {c}"
  organisation: {lead}
  email: "resp{c}@gouv.example"
other_actors:
  state:
    - {ministries[(c + 1) % len(ministries)]}
""")
    write(f"commitments/{cid}/progress.yaml", f"""commitment: {cid}
completion: {rng.choice(levels)}
results: "Résultats de l'engagement {c}."
milestones:
""" + "".join(ps))
