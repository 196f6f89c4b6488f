#!/usr/bin/env python3
"""Reference BMO figures computed straight from the published xlsx, for the territory tests.

Reads data/labour_market/Base_open_data_BMO_2024.xlsx with the standard library only (zipfile +
ElementTree: the sheet's XML and its shared strings), independently of Jalon's importer, and
prints JSON: for the given bassin codes, département and région, and France, the published sums
of projects (met), the number of cells under the publication threshold ('*'), the difficult and
seasonal shares as Jalon defines them since issue 11 (published xmet or smet over ALL the
published projects of the area: an unpublished cell counts as 0, so the share is a lower bound)
with the number of unpublished xmet/smet cells, and the top-5 occupations by published projects
in the bassins.

Usage: bmo_reference.py XLSX DEPT REGION BASSIN [BASSIN ...]
"""
import json
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = '{http://schemas.openxmlformats.org/spreadsheetml/2006/main}'


def col_index(ref):
    letters = re.match(r'[A-Z]+', ref).group(0)
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def rows(path):
    with zipfile.ZipFile(path) as z:
        strings = []
        with z.open('xl/sharedStrings.xml') as f:
            for _, el in ET.iterparse(f):
                if el.tag == NS + 'si':
                    strings.append(''.join(t.text or '' for t in el.iter(NS + 't')))
                    el.clear()
        sheets = sorted(n for n in z.namelist() if re.match(r'xl/worksheets/sheet\d+\.xml$', n))
        # The data sheet is the largest one (the first is the dictionary).
        data = max(sheets, key=lambda n: z.getinfo(n).file_size)
        with z.open(data) as f:
            for _, el in ET.iterparse(f):
                if el.tag != NS + 'row':
                    continue
                cells = {}
                for c in el.iter(NS + 'c'):
                    v = c.find(NS + 'v')
                    if v is None:
                        inline = c.find(NS + 'is')
                        value = ''.join(t.text or '' for t in inline.iter(NS + 't')) if inline is not None else ''
                    elif c.get('t') == 's':
                        value = strings[int(v.text)]
                    else:
                        value = v.text or ''
                    cells[col_index(c.get('r'))] = value
                el.clear()
                if cells:
                    width = max(cells) + 1
                    yield [cells.get(i, '') for i in range(width)]


def number(v):
    v = v.strip()
    if v == '*':
        return None
    return int(float(v))


def main():
    path, dept, region, basins = sys.argv[1], sys.argv[2], sys.argv[3], set(sys.argv[4:])
    it = rows(path)
    header = next(it)
    ix = {name.strip(): i for i, name in enumerate(header)}
    be = next(k for k in ix if re.fullmatch(r'BE\d\d', k))

    def empty():
        return {'projects': 0, 'unpublished': 0, 'd': 0, 'dunpub': 0, 's': 0, 'sunpub': 0}

    areas = {'territory': empty(), 'departement': empty(), 'region': empty(), 'france': empty()}
    occupations = {}
    for r in it:
        if len(r) <= ix['smet'] or not r[ix['met']].strip():
            continue
        met, xmet, smet = number(r[ix['met']]), number(r[ix['xmet']]), number(r[ix['smet']])
        keys = ['france']
        if r[ix['Dept']].strip() == dept:
            keys.append('departement')
        if r[ix['REG']].strip() == region:
            keys.append('region')
        code = r[ix[be]].strip()
        if code in basins:
            keys.append('territory')
            occ = occupations.setdefault(r[ix['Code métier BMO']].strip(), 0)
            occupations[r[ix['Code métier BMO']].strip()] = occ + (met or 0)
        for k in keys:
            a = areas[k]
            if met is None:
                a['unpublished'] += 1
            else:
                a['projects'] += met
            if xmet is None:
                a['dunpub'] += 1
            else:
                a['d'] += xmet
            if smet is None:
                a['sunpub'] += 1
            else:
                a['s'] += smet
    out = {}
    for k, a in areas.items():
        out[k] = {
            'projects': a['projects'],
            'projects_unpublished_cells': a['unpublished'],
            'difficult': a['d'],
            'seasonal': a['s'],
            'difficult_unpublished_cells': a['dunpub'],
            'seasonal_unpublished_cells': a['sunpub'],
            'difficult_share': a['d'] / a['projects'] if a['projects'] else 0,
            'seasonal_share': a['s'] / a['projects'] if a['projects'] else 0,
        }
    top = sorted(occupations.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
    out['top5'] = [code for code, _ in top]
    print(json.dumps(out))


if __name__ == '__main__':
    main()
