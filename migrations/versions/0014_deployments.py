"""deployments: what was deployed through the Camunda 7 REST API, under which name, source and tenant

A deployment made through ``POST /engine-rest/deployment/create`` keeps the name, source and
tenant (gemeente) the Modeler sent, and the process versions it made (ADR 22).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "deployments",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=True),
        sa.Column("source", sa.String(length=300), nullable=True),
        sa.Column("tenant_id", sa.String(length=100), nullable=True),
        sa.Column("deployed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deployed_by", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deployments")),
    )
    op.create_index(op.f("ix_deployments_deployed_at"), "deployments", ["deployed_at"], unique=False)
    op.create_table(
        "deployment_versions",
        sa.Column("deployment_id", sa.String(length=36), nullable=False),
        sa.Column("process_version_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["deployment_id"],
            ["deployments.id"],
            name=op.f("fk_deployment_versions_deployment_id_deployments"),
        ),
        sa.ForeignKeyConstraint(
            ["process_version_id"],
            ["process_versions.id"],
            name=op.f("fk_deployment_versions_process_version_id_process_versions"),
        ),
        sa.PrimaryKeyConstraint("deployment_id", "process_version_id", name=op.f("pk_deployment_versions")),
        sa.UniqueConstraint("process_version_id", name=op.f("uq_deployment_versions_process_version_id")),
    )


def downgrade() -> None:
    op.drop_table("deployment_versions")
    op.drop_index(op.f("ix_deployments_deployed_at"), table_name="deployments")
    op.drop_table("deployments")
