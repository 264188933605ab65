/**
 * The departments tickets are routed to, and the knowledge base's categories (a department's, or
 * General). Shared words of the domain: this folder imports nothing (ARCHITECTURE.md).
 */
export const DEPARTMENTS = ['IT', 'HR'] as const;
export type Department = (typeof DEPARTMENTS)[number];

export const KNOWLEDGE_CATEGORIES = ['IT', 'HR', 'General'] as const;
export type KnowledgeCategory = (typeof KNOWLEDGE_CATEGORIES)[number];
