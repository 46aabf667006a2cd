// Top choke points: the ranked, measured fixes of `chokepoint analyze`, on
// the Kubernetes object each one changes. `exposedAfter` is the number of
// entry points still exposed once this fix alone is applied.
// Parameters: $cluster, $limit (for example 10).
MATCH (n:AttackNode {cluster: $cluster})
WHERE n.fixIds IS NOT NULL
UNWIND range(0, size(n.fixIds) - 1) AS i
RETURN
  n.fixRanks[i] AS rank,
  n.fixIds[i] AS fix,
  n.fixActions[i] AS action,
  n.id AS target,
  n.fixEntriesCut[i] AS entriesCut,
  n.fixExposedAfter[i] AS exposedAfter,
  n.fixDescriptions[i] AS description
ORDER BY rank
LIMIT toInteger($limit);
