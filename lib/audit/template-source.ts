import { ConstructMetadata } from './construct-metadata';

/** A template file to audit, with what its cloud assembly (if any) says about it. */
export interface TemplateSource {
  /** Absolute path of the template file. */
  readonly file: string;
  /** Name shown in reports: path relative to the audited path, or the file name. */
  readonly name: string;
  /** Stack name when the template is a stack artifact of a cloud assembly. */
  readonly stackName?: string;
  /** Logical ids and acknowledgements recorded in the cloud assembly for this stack. */
  readonly constructMetadata: ConstructMetadata;
  /**
   * Found by scanning a folder: a file that parses but is not a CloudFormation template
   * (no `Resources`) is skipped instead of being an error.
   */
  readonly fromFolderScan?: boolean;
  /**
   * Nested-stack template files of the same cloud assembly, by the S3 object key their parent's
   * `TemplateURL` names.
   * @default - none
   */
  readonly nestedTemplateKeys?: ReadonlyMap<string, string>;
  /**
   * Why the file is not read at all: not a regular file (a FIFO, a socket, a device, a directory named like a
   * template), or a symlink that loops or leads out of the audited folder.
   * @default - the file is read
   */
  readonly refusal?: string;
}
