package io.footfall.agent.counts;

/**
 * One sensor kind's part of a counts message ({@code beam}, {@code wifi}, ...): an immutable record
 * that Jackson writes and reads as it is, its compact encoding expressed in its own annotations and
 * factories. Its {@link SectionKind} says under which key it goes and how parts of it merge.
 */
public interface CountsSection {}
