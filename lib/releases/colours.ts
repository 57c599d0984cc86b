// Version colours for a rollout, shared by the release page and the map overlay (versionColours in lib/queries/releases).
export const VERSION_COLOURS = { new: '#7c3aed', old: '#64748b' } as const;
