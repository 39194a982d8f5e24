#!/usr/bin/env python3
"""An independent peer for Carnet's OpenDocument spreadsheets: odfpy (PyPI)
opens an .ods, edits cells the way a person would (a choice typed over, a date entered as a
date cell) and saves it, or describes what it sees (JSON on stdout).

  ods_peer.py dump FILE
  ods_peer.py edit FILE OUT OPS_JSON   ops: [{"sheet": S, "cell": "G3", "text": "..."},
                                             {"sheet": S, "cell": "I5", "date": "2026-11-30"}]
"""
import json
import re
import sys

from odf import teletype
from odf.opendocument import load
from odf.table import Table, TableRow
from odf.text import P

CELLS = ("table-cell", "covered-table-cell")


def repeat(element, attribute):
    value = element.getAttribute(attribute)
    return int(value) if value else 1


def walk(table):
    """Yields (row, column, repeat of row, repeat of column, cell) for every cell element."""
    r = 0
    for row in table.getElementsByType(TableRow):
        rows = repeat(row, "numberrowsrepeated")
        c = 0
        for cell in row.childNodes:
            if getattr(cell, "qname", (None, None))[1] not in CELLS:
                continue
            columns = repeat(cell, "numbercolumnsrepeated")
            yield r, c, rows, columns, cell
            c += columns
        r += rows


def value(cell):
    kind = cell.getAttribute("valuetype")
    if kind == "float":
        return {"type": "float", "value": cell.getAttribute("value")}
    if kind == "date":
        return {"type": "date", "value": cell.getAttribute("datevalue")[:10]}
    text = "\n".join(teletype.extractText(p) for p in cell.getElementsByType(P))
    return {"type": kind or "", "value": text}


def name(row, column):
    letters = ""
    n = column + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters + str(row + 1)


def dump(path):
    doc = load(path)
    out = {"sheets": []}
    for table in doc.spreadsheet.getElementsByType(Table):
        cells = {}
        for r, c, rows, columns, cell in walk(table):
            v = value(cell)
            if v["value"] in ("", None):
                continue
            for i in range(min(rows, 10000)):
                for j in range(min(columns, 1000)):
                    cells[name(r + i, c + j)] = v
        out["sheets"].append({"name": table.getAttribute("name"), "cells": cells})
    json.dump(out, sys.stdout, ensure_ascii=False)


def edit(path, out, ops):
    doc = load(path)
    tables = {t.getAttribute("name"): t for t in doc.spreadsheet.getElementsByType(Table)}
    for op in ops:
        m = re.fullmatch(r"([A-Z]+)([0-9]+)", op["cell"])
        column = 0
        for ch in m.group(1):
            column = column * 26 + ord(ch) - 64
        target = (int(m.group(2)) - 1, column - 1)
        found = [cell for r, c, rows, columns, cell in walk(tables[op["sheet"]])
                 if r <= target[0] < r + rows and c <= target[1] < c + columns]
        if not found:
            raise SystemExit("no cell " + op["cell"])
        cell = found[0]
        for p in list(cell.getElementsByType(P)):
            p.parentNode.removeChild(p)
        for attribute in ("value", "datevalue"):
            if cell.getAttribute(attribute) is not None:
                cell.removeAttribute(attribute)
        if "date" in op:
            cell.setAttribute("valuetype", "date")
            cell.setAttribute("datevalue", op["date"])
            y, mo, d = op["date"].split("-")
            cell.addElement(P(text=d + "/" + mo + "/" + y))
        else:
            cell.setAttribute("valuetype", "string")
            cell.addElement(P(text=op["text"]))
    doc.save(out)


if __name__ == "__main__":
    if sys.argv[1] == "dump":
        dump(sys.argv[2])
    else:
        edit(sys.argv[2], sys.argv[3], json.loads(sys.argv[4]))
