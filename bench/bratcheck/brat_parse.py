#!/usr/bin/python3
"""Read brat folders with brat's own server code: does brat accept them?

  /usr/bin/python3 bench/bratcheck/brat_parse.py BRAT_CHECKOUT DIR...

BRAT_CHECKOUT is a checkout of github.com/nlplab/brat (this script fetches
nothing and copies none of it); brat's annotation.py needs Debian's
python3-filelock. For each DIR: brat's projectconfig.py reads
DIR/annotation.conf (any warning or error it raises is a failure);
annotation.TextAnnotations reads every .ann (an exception is a failure);
every text-bound annotation's text must equal the .txt at its offsets.
verify_annotations.verify_annotation's errors (type and argument
constraints) are counted, not failed: brat's own example data has some
(BioNLP-ST_2011_ID: 8, CoNLL-ST_2006: 4559 at nlplab/brat @44ecd825).
Exit status 1 on any failure.
"""
import os
import sys
import types

brat = os.path.abspath(sys.argv[1])
sys.path.insert(0, os.path.join(brat, 'server', 'src'))

# brat's config.py is written by its install.sh; projectconfig only needs
# BASE_DIR (it looks for annotation.conf from a folder up to BASE_DIR).
config = types.ModuleType('config')
config.BASE_DIR = config.DATA_DIR = config.WORK_DIR = '/'
config.DEBUG = False
sys.modules['config'] = config

import annotation  # noqa: E402
import projectconfig  # noqa: E402
import verify_annotations  # noqa: E402
from realmessage import Messager  # noqa: E402

# Python 3.11 removed the 'U' open mode brat still passes to codecs.open.
_open = annotation.codecs_open
annotation.codecs_open = lambda f, mode='r', *a, **k: _open(f, mode.replace('U', ''), *a, **k)


def messages(kinds):
    pending = Messager._Messager__pending_messages
    out = [(c, m) for m, c, _ in pending if c in kinds]
    del pending[:]
    return out


bad = 0
for d in sys.argv[2:]:
    d = os.path.abspath(d)
    config.BASE_DIR = d
    messages(())
    pc = projectconfig.ProjectConfiguration(d)
    ents, evs, rels = pc.get_entity_types(), pc.get_event_types(), pc.get_relation_types()
    attrs = {}
    for n in projectconfig.get_attribute_type_hierarchy(d):
        if n != projectconfig.SEPARATOR_STR:
            attrs[n.storage_form()] = n.arguments.get('Value', [])
    conf = messages(('warning', 'error'))
    if conf:
        bad += 1
        print('FAIL %s/annotation.conf: %s' % (d, conf))
    nfiles = nann = nverify = 0
    for root, _, files in os.walk(d):
        for f in sorted(files):
            if not f.endswith('.ann'):
                continue
            base = os.path.join(root, f[:-4])
            try:
                with annotation.TextAnnotations(base, read_only=True) as ann:
                    text = ann.get_document_text()
                    for t in ann.get_textbounds():
                        want = annotation.DISCONT_SEP.join(text[s:e] for s, e in t.spans)
                        if want.replace('\n', ' ') != t.text:
                            bad += 1
                            print('FAIL %s.ann %s: text %r, the .txt has %r' % (base, t.id, t.text, want))
                    nverify += sum(1 for i in verify_annotations.verify_annotation(ann, pc)
                                   if i.type == verify_annotations.AnnotationError)
                    nann += len(list(ann))
            except Exception as e:
                bad += 1
                print('FAIL %s.ann: %s: %s' % (base, type(e).__name__, e))
                continue
            errs = messages(('error',))
            if errs:
                bad += 1
                print('FAIL %s.ann: %s' % (base, errs))
            nfiles += 1
    print('%s: annotation.conf %s (%d entity, %d event, %d relation types, equivalences %s, attributes %s); '
          '%d .ann files, %d annotations read; %d verify_annotations errors' % (
              d, 'accepted' if not conf else 'REFUSED', len(ents), len(evs), len(rels),
              pc.get_equiv_types(), attrs, nfiles, nann, nverify))
sys.exit(1 if bad else 0)
