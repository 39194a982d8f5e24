#!/usr/bin/env python3
"""An independent peer for Carnet's workbooks: openpyxl opens, edits and saves a workbook the
way a person would, or describes what it sees (JSON on stdout).

  workbook_peer.py dump FILE
  workbook_peer.py edit FILE OUT OPS_JSON   ops: [{"op": "set", "sheet": S, "cell": "G3", "text": "..."},
                                                  {"op": "set", "sheet": S, "cell": "H3", "date": "2026-11-30"},
                                                  {"op": "set", "sheet": S, "cell": "J3", "formula": "=1+1"},
                                                  {"op": "delete_cols", "sheet": S, "index": 4},
                                                  {"op": "delete_rows", "sheet": S, "index": 5},
                                                  {"op": "delete_rows_where", "sheet": S, "match": {"commitment": "02"}},
                                                  {"op": "set_by_code", "sheet": S, "row": 3, "code": "note", "text": "..."}]
"""
import datetime
import json
import sys

import openpyxl


def dump(path):
    wb = openpyxl.load_workbook(path)
    out = {"sheets": []}
    for ws in wb.worksheets:
        sheet = {
            "name": ws.title,
            "state": ws.sheet_state,
            "protected": bool(ws.protection.sheet),
            "hidden_rows": [r for r, d in ws.row_dimensions.items() if d.hidden],
            "validations": [{"type": dv.type, "formula1": dv.formula1, "sqref": str(dv.sqref)}
                            for dv in ws.data_validations.dataValidation],
            "cells": {},
        }
        for row in ws.iter_rows():
            for c in row:
                if c.value is None:
                    continue
                v = c.value
                kind = c.data_type
                if isinstance(v, (datetime.datetime, datetime.date)):
                    v = v.strftime("%Y-%m-%d")
                    kind = "date"
                sheet["cells"][c.coordinate] = {"value": v, "type": kind, "locked": bool(c.protection.locked)}
        out["sheets"].append(sheet)
    json.dump(out, sys.stdout, ensure_ascii=False)


def edit(path, out, ops):
    wb = openpyxl.load_workbook(path)
    for op in ops:
        ws = wb[op["sheet"]]
        if op["op"] == "delete_cols":
            ws.delete_cols(op["index"])
            continue
        if op["op"] == "delete_rows":
            ws.delete_rows(op["index"])
            continue
        if op["op"] == "delete_rows_where":
            # Every data row whose cells under the given field codes hold the given texts.
            codes = [c.value for c in ws[2]]
            for r in range(ws.max_row, 2, -1):
                if all(ws.cell(row=r, column=codes.index(k) + 1).value == v for k, v in op["match"].items()):
                    ws.delete_rows(r)
            continue
        cell = op.get("cell")
        if op["op"] == "set_by_code":
            codes = [c.value for c in ws[2]]
            cell = openpyxl.utils.get_column_letter(codes.index(op["code"]) + 1) + str(op["row"])
        if "date" in op:
            ws[cell].value = datetime.datetime.strptime(op["date"], "%Y-%m-%d")
            ws[cell].number_format = "DD/MM/YYYY"
        elif "formula" in op:
            ws[cell].value = op["formula"]
        elif "number" in op:
            ws[cell].value = op["number"]
        else:
            # A person typing text: openpyxl would store "=…" as a formula; the peer stores
            # typed text as text, as a spreadsheet does for a cell formatted as text.
            ws[cell].value = op["text"]
            if isinstance(op["text"], str) and op["text"].startswith("="):
                ws[cell].data_type = "s"
    wb.save(out)


if __name__ == "__main__":
    if sys.argv[1] == "dump":
        dump(sys.argv[2])
    else:
        edit(sys.argv[2], sys.argv[3], json.loads(sys.argv[4]))
