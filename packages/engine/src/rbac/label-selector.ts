/**
 * metav1.LabelSelector matching, for ClusterRole aggregation (catalog 4.5):
 * `matchLabels` and `matchExpressions` with In, NotIn, Exists and
 * DoesNotExist, all ANDed (`LabelSelectorAsSelector` in
 * `apimachinery/pkg/apis/meta/v1/helpers.go`). An empty selector selects
 * everything; an invalid one (unknown operator, In without values) selects
 * nothing, as upstream refuses to use it.
 */

type Labels = Readonly<Record<string, string>>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function has(labels: Labels, key: string): boolean {
  return Object.hasOwn(labels, key);
}

function expressionMatches(expression: unknown, labels: Labels): boolean {
  if (!isRecord(expression) || typeof expression.key !== 'string') return false;
  const key = expression.key;
  const values = Array.isArray(expression.values)
    ? expression.values.filter((v): v is string => typeof v === 'string')
    : [];
  const value = has(labels, key) ? labels[key] : undefined;
  switch (expression.operator) {
    case 'In':
      return values.length > 0 && value !== undefined && values.includes(value);
    case 'NotIn':
      return (
        values.length > 0 && (value === undefined || !values.includes(value))
      );
    case 'Exists':
      return values.length === 0 && value !== undefined;
    case 'DoesNotExist':
      return values.length === 0 && value === undefined;
    default:
      return false;
  }
}

export function labelSelectorMatches(
  selector: unknown,
  labels: Labels,
): boolean {
  if (!isRecord(selector)) return false;
  const { matchLabels, matchExpressions } = selector;
  if (matchLabels !== undefined && matchLabels !== null) {
    if (!isRecord(matchLabels)) return false;
    for (const [key, wanted] of Object.entries(matchLabels)) {
      if (!has(labels, key) || labels[key] !== wanted) return false;
    }
  }
  if (matchExpressions !== undefined && matchExpressions !== null) {
    if (!Array.isArray(matchExpressions)) return false;
    for (const expression of matchExpressions) {
      if (!expressionMatches(expression, labels)) return false;
    }
  }
  return true;
}
