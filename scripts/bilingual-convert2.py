# Second pass: interpolated strings whose holes hold string literals ({string.Join("、", x)}), which the first pass skips.
import re, sys, os, importlib.util
spec = importlib.util.spec_from_file_location('c1', os.path.join(os.path.dirname(__file__), 'bilingual-convert.py'))
c1 = importlib.util.module_from_spec(spec); spec.loader.exec_module(c1)
def literals(line):
    i = 0
    while i < len(line):
        if line.startswith('$"', i) and (i == 0 or line[i-1] not in '@$'):
            j = i + 2; depth = 0
            while j < len(line):
                ch = line[j]
                if depth == 0:
                    if ch == '\\': j += 2; continue
                    if ch == '{':
                        if line.startswith('{{', j): j += 2; continue
                        depth = 1
                    elif ch == '"': break
                else:
                    if ch == '"':
                        k = j + 1
                        while k < len(line) and line[k] != '"':
                            k += 2 if line[k] == '\\' else 1
                        j = k
                    elif ch == "'":
                        k = j + 1
                        while k < len(line) and line[k] != "'":
                            k += 2 if line[k] == '\\' else 1
                        j = k
                    elif ch == '{': depth += 1
                    elif ch == '}': depth -= 1
                j += 1
            yield i, j + 1, line[i+2:j]
            i = j + 1
        else:
            i += 1
def top_level_split(body):
    # split at the last top-level ' (' / '）(' whose rest is an English parenthesis
    depth = 0; cands = []
    for idx, ch in enumerate(body):
        if ch == '{': depth += 1
        elif ch == '}': depth -= 1
        elif ch == '(' and depth == 0 and idx > 0 and (body[idx-1] == ' ' or body[idx-1] in '）。；：'):
            cands.append(idx)
    for m in reversed(cands):
        zh = body[:m].rstrip(); rest = body[m:]
        end = rest.rstrip('.'); dot = rest[len(end):]
        if not end.endswith(')'): continue
        en = end[1:-1]
        outside = re.sub(r'\{[^{}]*(\{[^{}]*\}[^{}]*)*\}', '', en)
        if c1.CJK.search(outside) or not c1.CJK.search(re.sub(r'\{[^{}]*\}', '', zh)): continue
        return zh, en + dot
    return None
for f in sys.argv[1:]:
    lines = open(f, encoding='utf-8').read().split('\n'); n = 0
    for li, line in enumerate(lines):
        if line.strip().startswith('//') or 'Bilingual.Say(' in line: continue
        out = []; pos = 0
        for a, b, body in literals(line):
            r = top_level_split(body)
            if not r: continue
            out.append(line[pos:a]); out.append(f'Bilingual.Say($"{r[0]}", $"{r[1]}")'); pos = b; n += 1
        if out:
            out.append(line[pos:]); lines[li] = ''.join(out)
    if n:
        s = '\n'.join(lines)
        if not re.search(r'^namespace Sunlight\.Core', s, re.M) and 'using Sunlight.Core;' not in s:
            s = 'using Sunlight.Core;\n' + s
        open(f, 'w', encoding='utf-8').write(s); print(f, n)
