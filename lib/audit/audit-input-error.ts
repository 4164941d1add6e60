/**
 * Bad input to the audit: a missing path, an unreadable or unparsable template, a folder
 * without templates, an unknown flag or pack. The CLI prints `message` on one line and
 * exits with code 2, so the message must name the file and say what is wrong.
 */
export class AuditInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditInputError';
  }
}
