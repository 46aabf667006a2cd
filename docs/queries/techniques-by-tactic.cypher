// Threat model: the attack techniques present in the cluster, by MITRE
// ATT&CK tactic, with how many edges use each.
// Parameters: $cluster.
MATCH (:AttackNode {cluster: $cluster})-[r]->()
WHERE r.traversable
RETURN coalesce(r.tactic, 'unknown') AS tactic, type(r) AS technique, r.mitre AS mitre, count(*) AS edges
ORDER BY tactic, technique;
