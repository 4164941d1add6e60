import { InputFileError, readInputFile } from './input-file';
import { DEFAULT_INPUT_LIMITS, InputLimits, overLimit } from './input-limits';
import { TemplateSource } from './template-source';
import { DuplicateKey, parseTemplateText, TemplateTextError } from './template-text';
import { TimeLimitError, withTimeLimit } from './time-limit';

/** A template's text and parsed value. */
export interface ReadTemplate {
  readonly text: string;
  readonly value: unknown;
}

/** A file that cannot be read or parsed within the limits: `reason` names what is wrong, without the file. */
export class TemplateReadError extends Error {
  /** @param refused true when the file was refused (not a regular file, over a limit), false for a syntax error */
  constructor(public readonly file: string, public readonly reason: string, public readonly refused: boolean = true) {
    super(`${file}: ${reason}`);
    this.name = 'TemplateReadError';
  }
}

/**
 * Reads and parses the templates of one audit run once each, within {@link InputLimits}: the loader, the
 * nested-stack links and the inventory all read through it. Duplicate keys are reported once per file to `warn`.
 */
export class TemplateReader {
  private readonly cache = new Map<string, ReadTemplate | TemplateReadError>();
  private readonly texts = new Map<string, string>();

  constructor(
    public readonly limits: InputLimits = DEFAULT_INPUT_LIMITS,
    private readonly warn: (source: TemplateSource, duplicate: DuplicateKey) => void = () => undefined,
  ) {}

  /**
   * The text and value of a template.
   *
   * @throws TemplateReadError when the file is refused (not a regular file, over a limit) or does not parse
   */
  public read(source: TemplateSource): ReadTemplate {
    let entry = this.cache.get(source.file);
    if (entry === undefined) {
      entry = this.readUncached(source);
      this.cache.set(source.file, entry);
    }
    if (entry instanceof TemplateReadError) throw entry;
    return entry;
  }

  /** The text of a template, read within the size limit, without parsing it. */
  public text(source: TemplateSource): string {
    if (source.refusal !== undefined) throw new TemplateReadError(source.file, source.refusal);
    const cached = this.texts.get(source.file);
    if (cached !== undefined) return cached;
    try {
      const text = readInputFile(source.file, this.limits);
      this.texts.set(source.file, text);
      return text;
    } catch (e) {
      if (e instanceof InputFileError) throw new TemplateReadError(source.file, e.reason);
      throw e;
    }
  }

  private readUncached(source: TemplateSource): ReadTemplate | TemplateReadError {
    try {
      return withTimeLimit(this.limits.timeoutSeconds, () => {
        const text = this.text(source);
        const parsed = parseTemplateText(text, this.limits);
        parsed.duplicates.forEach((d) => this.warn(source, d));
        return { text, value: parsed.value };
      }, source.file);
    } catch (e) {
      if (e instanceof TemplateReadError) return e;
      if (e instanceof TemplateTextError) return new TemplateReadError(source.file, e.reason, e.refused);
      if (e instanceof TimeLimitError) return new TemplateReadError(source.file, `reading the template ${e.message}, ${overLimit('timeoutSeconds', this.limits)}`);
      throw e;
    }
  }
}
