"""A trace as a text waterfall (``novalite trace``): a pure function of the trace's JSON,
kept out of ``novalite.cmd`` so that importing it does not monkey-patch the process."""


def render(trace, width=120, bar_char='#'):
    """The waterfall: one line per span (offset, duration, tree, where), bars to scale."""
    spans = trace['spans']
    by_id = {s['id']: s for s in spans}
    children = {}
    for s in spans:
        children.setdefault(s['parent_id'] if s['parent_id'] in by_id else None, []).append(s)
    rows = []

    def walk(parent, depth):
        for s in children.get(parent, ()):
            rows.append((s, depth))
            walk(s['id'], depth + 1)
    walk(None, 0)
    total = max([s['offset_ms'] + s['duration_ms'] for s in spans] + [0.001])
    label_w = max(30, min(70, width - 60))
    bar_w = max(10, width - label_w - 42)
    head = '%s %s  (%s %s, %d spans, %.1f ms)' % (
        trace['request_id'], trace['name'], trace.get('status'), trace.get('project_id'),
        len(spans), total)
    lines = [head, '%9s %9s  %-*s %-22s %s' % ('start ms', 'dur ms', label_w, 'span',
                                                'service@host', '')]
    for s, depth in rows:
        label = ('  ' * depth + s['name'])
        if len(label) > label_w:
            label = label[:label_w - 1] + '~'
        where = '%s@%s' % (s['service'], s['host'])
        start = int(s['offset_ms'] / total * bar_w)
        length = max(1, int(round(s['duration_ms'] / total * bar_w)))
        bar = ' ' * min(start, bar_w - 1) + (bar_char * length if s['duration_ms'] >= 0.05 else '|')
        flag = '' if (s['outcome'] or 'ok') == 'ok' else '  ! ' + s['outcome']
        lines.append('%9.1f %9.1f  %-*s %-22s %s%s' % (s['offset_ms'], s['duration_ms'],
                                                       label_w, label, where[:22],
                                                       bar[:bar_w + 1], flag))
    return '\n'.join(lines)
