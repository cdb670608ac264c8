#pragma once

#include <boost/fusion/include/adapt_struct.hpp>

#include "parsers/linux/ss_-tlnp/ast.hpp"

BOOST_FUSION_ADAPT_STRUCT(vtyguard::parsers::lnx::ss_tlnp::ast::Row, state, recv_q, send_q, local, peer, processes)
