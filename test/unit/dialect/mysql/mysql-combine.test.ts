import { expect, test } from "bun:test";
import { combineAlterSteps } from "../../../../src/dialect/mysql/mysql-combine.ts";
import type { PlanStep } from "../../../../src/schema/operation.ts";

const step = (label: string, sql: string, extra: Partial<PlanStep> = {}): PlanStep => ({
  label,
  sql,
  destructive: false,
  transactional: false,
  ...extra,
});

test("neighbouring adds to one table become one ALTER TABLE; a CREATE INDEX becomes its ADD INDEX action", () => {
  const steps = [
    step("post | Add field: a", "ALTER TABLE `post` ADD COLUMN `a` int NULL;"),
    step("post | Create index: post_a_idx", "CREATE INDEX `post_a_idx` ON `post` (`a`);"),
    step("post | Create index: post_a_b", "CREATE UNIQUE INDEX `post_a_b` ON `post` (`a`, `b`(10) DESC);"),
    step(
      "post | New foreign key: a",
      "ALTER TABLE `post` ADD CONSTRAINT `post_a_fkey` FOREIGN KEY (`a`) REFERENCES `a` (`id`) ON DELETE CASCADE ON UPDATE NO ACTION;",
    ),
    step("post | Alter field: c", "ALTER TABLE `post` MODIFY COLUMN `c` varchar(20) NOT NULL DEFAULT 'x;DROP';"),
  ];
  expect(combineAlterSteps(steps)).toEqual([
    step(
      "post | Add field: a; Create index: post_a_idx; Create index: post_a_b; New foreign key: a; Alter field: c",
      [
        "ALTER TABLE `post`",
        "  ADD COLUMN `a` int NULL,",
        "  ADD INDEX `post_a_idx` (`a`),",
        "  ADD UNIQUE INDEX `post_a_b` (`a`, `b`(10) DESC),",
        "  ADD CONSTRAINT `post_a_fkey` FOREIGN KEY (`a`) REFERENCES `a` (`id`) ON DELETE CASCADE ON UPDATE NO ACTION,",
        "  MODIFY COLUMN `c` varchar(20) NOT NULL DEFAULT 'x;DROP';",
      ].join("\n"),
    ),
  ]);
});

test("a step alone keeps its statement as rendered, a CREATE INDEX included", () => {
  const steps = [
    step("a | Create index: a_x", "CREATE INDEX `a_x` ON `a` (`x`);"),
    step("b | Add field: y", "ALTER TABLE `b` ADD COLUMN `y` int NULL;"),
    step("a | Add field: z", "ALTER TABLE `a` ADD COLUMN `z` int NULL;"),
  ];
  expect(combineAlterSteps(steps)).toEqual(steps);
});

test("drops, renames, CHANGE, destructive steps, multi-statement steps and other statements stay alone", () => {
  const add = step("t | Add field: a", "ALTER TABLE `t` ADD COLUMN `a` int NULL;");
  const alone = [
    step("t | Remove index: t_i", "ALTER TABLE `t` DROP INDEX `t_i`;"),
    step("t | Rename field: b", "ALTER TABLE `t` RENAME COLUMN `a0` TO `b`;"),
    step("t | Alter field: c", "ALTER TABLE `t` CHANGE COLUMN `c` `c` int NOT NULL;"),
    step("t | Alter field: d", "ALTER TABLE `t` MODIFY COLUMN `d` smallint NOT NULL;", { destructive: true }),
    step("t | Alter field: e", "ALTER TABLE `t` MODIFY COLUMN `e` int NULL;", { reasons: ["why"] }),
    step(
      "t | Add field: f",
      "ALTER TABLE `t` ADD COLUMN `f` datetime NOT NULL DEFAULT CURRENT_TIMESTAMP;\nALTER TABLE `t` ALTER COLUMN `f` DROP DEFAULT;",
    ),
    step("t | Create table", "CREATE TABLE `t2` (`id` int NOT NULL);"),
    step("Data (post): fill", "UPDATE `t` SET `a` = 1;"),
  ];
  for (const other of alone) expect(combineAlterSteps([add, other, add])).toEqual([add, other, add]);
});

test("steps on tables of different names are never joined, nor steps whose labels name different tables", () => {
  const steps = [
    step("t | Add field: a", "ALTER TABLE `t` ADD COLUMN `a` int NULL;"),
    step("T2 | Add field: b", "ALTER TABLE `t2` ADD COLUMN `b` int NULL;"),
    step("u | Add field: c", "ALTER TABLE `t2` ADD COLUMN `c` int NULL;"),
  ];
  expect(combineAlterSteps(steps)).toEqual(steps);
});
