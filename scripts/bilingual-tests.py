import re,sys
sys.path.insert(0, __import__('os').path.dirname(__file__))
from importlib import import_module; _c = import_module('bilingual-convert'); LIT, split = _c.LIT, _c.split  # noqa
# LIT, split
for f in sys.argv[1:]:
    s=open(f,encoding='utf-8').read()
    def rep(m):
        r=split(m.group(2))
        if not r: return m.group(0)
        return f'{m.group(1)}"{r[0]}"'
    n=LIT.sub(rep,s)
    if n!=s:
        open(f,'w',encoding='utf-8').write(n); print(f)
