#!/usr/bin/env python3
"""An independent peer for `carnet plan import`: fills the blank plan template (written by
`carnet plan template`) with a plan read from its YAML records by PyYAML, the way a person
would copy a plan into it: one row per organisation, commitment and milestone, found by the
template's hidden row of field codes. Dates are typed as date cells, months as text.

  plan_filler.py TEMPLATE PLAN_DIR OUT [--headings-only] [--progress]

--headings-only deletes the hidden code row (a sheet made by hand, headings only).
--progress fills the optional progress sheet from the milestones' progress in progress.yaml.
"""
import datetime
import glob
import os
import sys

import openpyxl
import yaml


FIRST = ["fr"]


def first(v):
    """A translated text ({fr: ..., en: ...}) as its first language's value: the workbook holds
    the plan's first language only."""
    if isinstance(v, dict):
        return v.get(FIRST[0], next(iter(v.values())))
    return v


def date_cell(v):
    # PyYAML reads 2026-01-01 as a date; a month (2026-01) stays text.
    if isinstance(v, datetime.date):
        return datetime.datetime(v.year, v.month, v.day)
    return v


def lines(items):
    return "\n".join(items) if items else None


def fill(ws, rows, codes_row=2):
    codes = [c.value for c in ws[codes_row]]
    for i, values in enumerate(rows):
        for code, value in values.items():
            if value is None:
                continue
            cell = ws.cell(row=codes_row + 1 + i, column=codes.index(code) + 1)
            cell.value = date_cell(first(value))
            if isinstance(cell.value, datetime.datetime):
                cell.number_format = "YYYY-MM-DD"


def contact(p, prefix="contact_"):
    if not p:
        return {}
    return {prefix + "name": p.get("name"), prefix + "title": p.get("title"),
            prefix + "organisation": p.get("organisation"), prefix + "email": p.get("email"),
            prefix + "phone": p.get("phone")}


def main():
    template, plan_dir, out = sys.argv[1:4]
    wb = openpyxl.load_workbook(template)
    sheets = [ws for ws in wb.worksheets if ws.sheet_state == "visible"]
    plan_ws, org_ws, com_ws, ms_ws = sheets[:4]
    plan = yaml.safe_load(open(os.path.join(plan_dir, "plan.yaml")))
    FIRST[0] = (plan.get("languages") or ["fr"])[0]
    periods = plan.get("reporting_periods") or {}
    row = {"country": plan["country"], "title": plan["title"], "start": plan["start"], "end": plan["end"],
           "year_group": plan.get("year_group"), "languages": ", ".join(plan.get("languages", [])),
           "submitted": plan.get("submitted"), "stale_after_days": plan.get("stale_after_days"),
           "themes": lines(["%s: %s" % (t["id"], first(t["title"])) for t in plan.get("themes", [])]),
           "parents_write_for_units": "yes" if plan.get("parents_write_for_units") else None,
           "reporting_periods": periods.get("every_months") or lines([str(d) for d in periods.get("ends", [])])}
    row.update(contact(plan["point_of_contact"]))
    fill(plan_ws, [row])
    orgs = []
    for path in sorted(glob.glob(os.path.join(plan_dir, "ministries", "*.yaml"))):
        o = yaml.safe_load(open(path))
        r = {"id": o["id"], "name": o["name"], "kind": o["kind"], "parent": o.get("parent")}
        c = (o.get("contacts") or [None])[0]
        if c:
            r.update({k: v for k, v in contact(c).items() if k != "contact_organisation"})
        orgs.append(r)
    fill(org_ws, orgs)
    commitments, milestones = [], []
    for path in sorted(glob.glob(os.path.join(plan_dir, "commitments", "*", "commitment.yaml"))):
        c = yaml.safe_load(open(path))
        d = c.get("description", {})
        info = c.get("additional_information") or {}
        actors = c.get("other_actors") or {}
        r = {"id": c["id"], "number": c["number"], "code": c.get("code"), "title": c["title"],
             "draft": "yes" if c.get("draft") else None, "start": c.get("start"), "end": c.get("end"),
             "lead_agency": c["lead_agency"], "themes": lines([first(t) for t in c.get("themes", [])]),
             "problem": d.get("problem"), "commitment_text": d.get("commitment"), "solution": d.get("solution"),
             "relevance": d.get("relevance"), "values": ", ".join(d.get("values", [])) or None,
             "budget": info.get("budget"), "programmes": info.get("programmes"),
             "development_plan": info.get("development_plan"), "sdgs": info.get("sdgs"), "other": info.get("other"),
             "state_actors": lines(actors.get("state", [])), "non_state_actors": lines(actors.get("non_state", []))}
        r.update(contact(c.get("contact")))
        commitments.append(r)
        for m in c.get("milestones", []):
            milestones.append({"commitment": c["id"], "id": m["id"], "code": m.get("code"), "activity": m["activity"],
                               "lead_agency": m.get("lead_agency"), "deliverable": m.get("deliverable"),
                               "budget": m.get("budget"), "start": m.get("start"), "end": m.get("end")})
    fill(com_ws, commitments)
    fill(ms_ws, milestones)
    if "--progress" in sys.argv:
        progress = []
        for path in sorted(glob.glob(os.path.join(plan_dir, "commitments", "*", "progress.yaml"))):
            p = yaml.safe_load(open(path))
            for m in p.get("milestones", []):
                progress.append({"commitment": p["commitment"], "milestone": m["id"], "completion": m["completion"],
                                 "actual_start": m.get("actual_start"), "actual_end": m.get("actual_end"),
                                 "note": m.get("note"), "delay_reason": m.get("delay_reason")})
        fill(sheets[4], progress)
    if "--headings-only" in sys.argv:
        for ws in sheets:
            ws.delete_rows(2)
    wb.save(out)


main()
