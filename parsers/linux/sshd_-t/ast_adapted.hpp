#pragma once

#include <boost/fusion/include/adapt_struct.hpp>

#include "parsers/linux/sshd_-t/ast.hpp"

BOOST_FUSION_ADAPT_STRUCT(vtyguard::parsers::lnx::sshd_t::ast::Setting, keyword, value)
BOOST_FUSION_ADAPT_STRUCT(vtyguard::parsers::lnx::sshd_t::ast::ConfigMessage, file, line, message)
