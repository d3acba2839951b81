"""photo places: at most two photos a project, one in each place, held by the database

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29 18:40:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

MAX_PHOTOS = 2


def _renumber_photos():
    """Uploads that raced before this limit could leave several photos in one place, or more
    than two: number each project's photos 0, 1, … in their order and drop those past the
    second (their files stay in the uploads folder)."""
    photos = sa.table('project_photos', sa.column('id'), sa.column('project_id'),
                      sa.column('position'))
    conn = op.get_bind()
    rows = conn.execute(sa.select(photos.c.id, photos.c.project_id)
                        .order_by(photos.c.project_id, photos.c.position, photos.c.id)).all()
    placed: dict[int, int] = {}
    for photo_id, project_id in rows:
        place = placed[project_id] = placed.get(project_id, -1) + 1
        if place >= MAX_PHOTOS:
            conn.execute(sa.delete(photos).where(photos.c.id == photo_id))
        else:
            conn.execute(sa.update(photos).where(photos.c.id == photo_id).values(position=place))


def upgrade():
    _renumber_photos()
    with op.batch_alter_table('project_photos', schema=None) as batch_op:
        batch_op.create_unique_constraint('uq_project_photos_project_id_position',
                                          ['project_id', 'position'])
        batch_op.create_check_constraint('ck_project_photos_position',
                                         '"position" IN (0, 1)')


def downgrade():
    with op.batch_alter_table('project_photos', schema=None) as batch_op:
        batch_op.drop_constraint('ck_project_photos_position', type_='check')
        batch_op.drop_constraint('uq_project_photos_project_id_position', type_='unique')
